// A time-series chart as inline SVG, built with DOM calls only (no library, no markup strings): one panel per
// measure, stacked, sharing one time axis. Points sit at their time, so missing minutes or samples show as wider spacing.
"use strict";

const svgNamespace = "http://www.w3.org/2000/svg";

// Label numbers stay short whatever their size: 950, 12.3K, 4.56T, then 1.23e+18 (compact notation stops at T).
const compactNumber = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 });
const shortNumber = v => (Math.abs(v) >= 1e15 ? v.toPrecision(3) : compactNumber.format(v));

function svgElement(parent, name, attributes, text) {
  const element = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}

function finiteOrNull(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function clockTime(at, seconds) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined });
}

/**
 * Draws points ({ at: epoch ms, values: [number or null, …] }, oldest first) as one panel per entry of panels
 * ({ key, title, format }), each from 0 to its largest value, in an <svg> of the given pixel width.
 * Null and non-finite values are left out (the line breaks there); each drawn value also gets a circle.
 */
function drawChart(points, panels, title, width, seconds) {
  const left = 64, right = 12, top = 22, height = 84, gap = 40, bottom = 20;
  width = Math.max(240, Math.round(width));
  const total = top + panels.length * (height + gap) - gap + bottom;
  const chart = document.createElementNS(svgNamespace, "svg");
  for (const [key, value] of Object.entries({ viewBox: `0 0 ${width} ${total}`, width, height: total, role: "img", "aria-label": title, class: "chart" })) {
    chart.setAttribute(key, String(value));
  }
  svgElement(chart, "title", {}, title);

  const timed = points.filter(p => finiteOrNull(p.at) !== null);
  const first = Math.min(...timed.map(p => p.at)), last = Math.max(...timed.map(p => p.at));
  const plotWidth = width - left - right;
  const x = at => (last > first ? left + (at - first) / (last - first) * plotWidth : left + plotWidth / 2);

  panels.forEach((panel, index) => {
    const y0 = top + index * (height + gap);
    const values = timed.map(p => finiteOrNull(p.values[index]));
    const ceiling = Math.max(0, ...values.filter(v => v !== null)) || 1;
    const y = v => y0 + height - Math.max(0, v) / ceiling * height;
    const group = svgElement(chart, "g", { "data-series": panel.key });
    svgElement(group, "text", { x: left, y: y0 - 8, class: "panel-title" }, panel.title);
    svgElement(group, "path", { d: `M${left},${y0}V${y0 + height}H${width - right}`, class: "axis" });
    svgElement(group, "text", { x: left - 6, y: y0 + 4, "text-anchor": "end", class: "tick" }, panel.format(ceiling));
    svgElement(group, "text", { x: left - 6, y: y0 + height, "text-anchor": "end", class: "tick" }, panel.format(0));
    let line = "", pen = "M";
    timed.forEach((point, i) => {
      if (values[i] === null) {
        pen = "M";
        return;
      }
      const cx = x(point.at).toFixed(1), cy = y(values[i]).toFixed(1);
      line += `${pen}${cx},${cy}`;
      pen = "L";
      svgElement(group, "circle", { cx, cy, r: 2.5, class: "point" });
    });
    if (line !== "") svgElement(group, "path", { d: line, class: "line" });
  });

  const axisY = total - 4;
  if (timed.length === 0) {
    svgElement(chart, "text", { x: left + plotWidth / 2, y: top + height / 2, "text-anchor": "middle", class: "tick" }, "no points yet");
  } else {
    svgElement(chart, "text", { x: left, y: axisY, class: "tick" }, clockTime(first, seconds));
    if (last > first) svgElement(chart, "text", { x: width - right, y: axisY, "text-anchor": "end", class: "tick" }, clockTime(last, seconds));
  }
  return chart;
}
