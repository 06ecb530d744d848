// The Instrumentation dashboard: reads the snapshot next to this page every few seconds and renders it with DOM
// calls only (textContent, never HTML), so tag values cannot inject markup. No network beyond this app.
"use strict";

const refreshMilliseconds = 5000;
const samplesKept = 180;
const seriesSampled = 500;
const state = {
  sortKey: "ratePerSecond", descending: true, filter: "",
  selected: null, // { key, name, label } of the endpoint series charted
  history: false, // SQLite history is configured: the chart reads it
  knownToHistory: new Set(), // metrics the history has (asking the export for another is a 400)
  samples: new Map(), // without history: series key → the last samplesKept points of the 1m local window
  lastSnapshot: null, // the last snapshot shown (its time is the server's: the history range ends there)
  chartTicket: 0,
  openedAt: new Date(),
};

const byId = id => document.getElementById(id);

function cell(row, text, numeric) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (numeric) td.className = "number";
  row.appendChild(td);
}

function tags(item) {
  return Object.entries(item.tags || {}).map(([k, v]) => `${k}=${v}`).join(", ");
}

function header(table, columns, sortable) {
  const head = document.createElement("tr");
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    if (column.numeric) th.className = "number";
    if (sortable) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.focus = "sort " + column.key;
      button.textContent = column.title + (state.sortKey === column.key ? (state.descending ? " ▼" : " ▲") : "");
      button.addEventListener("click", () => {
        state.descending = state.sortKey === column.key ? !state.descending : true;
        state.sortKey = column.key;
        refresh();
      });
      th.setAttribute("aria-sort", state.sortKey === column.key ? (state.descending ? "descending" : "ascending") : "none");
      th.appendChild(button);
    } else {
      th.textContent = column.title;
    }
    head.appendChild(th);
  }
  table.appendChild(head);
}

// Rebuilds a table; a control that had the focus (a sort button, an endpoint) gets it back after the rebuild.
function render(tableId, columns, items, options = {}) {
  const table = byId(tableId);
  const focused = table.contains(document.activeElement) ? document.activeElement.dataset.focus : undefined;
  table.replaceChildren();
  header(table, columns, options.sortable);
  if (items.length === 0) {
    const row = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns.length;
    td.className = "empty";
    td.textContent = options.empty || "nothing recorded in this window";
    row.appendChild(td);
    table.appendChild(row);
  }
  for (const item of items) {
    const row = document.createElement("tr");
    for (const column of columns) cell(row, column.value(item), column.numeric);
    if (options.decorate) options.decorate(row, item);
    table.appendChild(row);
  }
  if (focused !== undefined) [...table.querySelectorAll("[data-focus]")].find(e => e.dataset.focus === focused)?.focus();
}

const endpointColumns = [
  { key: "name", title: "Endpoint", value: e => e.name },
  { key: "tags", title: "Tags", value: tags },
  { key: "requests", title: "Requests", value: e => e.requests, numeric: true },
  { key: "ratePerSecond", title: "Req/s", value: e => e.ratePerSecond, numeric: true },
  { key: "errorRate", title: "Error rate", value: e => e.errorRate, numeric: true },
  { key: "p50Ms", title: "p50 ms", value: e => e.p50Ms, numeric: true },
  { key: "p95Ms", title: "p95 ms", value: e => e.p95Ms, numeric: true },
  { key: "p99Ms", title: "p99 ms", value: e => e.p99Ms, numeric: true },
  { key: "inFlight", title: "In flight", value: e => e.inFlight, numeric: true },
];

function sortedEndpoints(endpoints) {
  const filter = state.filter.toLowerCase();
  const column = endpointColumns.find(c => c.key === state.sortKey) || endpointColumns[3];
  return endpoints
    .filter(e => filter === "" || `${e.name} ${tags(e)}`.toLowerCase().includes(filter))
    .sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""));
      return state.descending ? -order : order;
    });
}

const seriesKey = e => `${e.name} ${tags(e)}`;

// The endpoint's name cell becomes a toggle button (Enter and Space work on it); a click anywhere on the row selects too.
function selectable(row, endpoint) {
  const key = seriesKey(endpoint);
  const selected = state.selected?.key === key;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "select";
  button.dataset.focus = "endpoint " + key;
  button.setAttribute("aria-pressed", String(selected));
  button.textContent = endpoint.name;
  row.cells[0].replaceChildren(button);
  row.classList.toggle("selected", selected);
  row.addEventListener("click", () => {
    state.selected = state.selected?.key === key ? null : { key, name: endpoint.name, label: key.trim() };
    show(state.lastSnapshot);
    showChart().catch(error => say("status", `The chart could not be read: ${error.message}`));
  });
}

const alertRank = { firing: 0, pending: 1 };

function alertSince(a) {
  const at = a.state === "firing" ? a.firingSince : a.state === "pending" ? a.activeSince : a.state === "resolved" ? a.resolvedAt : null;
  return at ? new Date(at).toLocaleString() : null;
}

// Firing first, then pending, then the others; the state is a word in its own column (colour only repeats it).
function showAlerts(alerts) {
  const list = Array.isArray(alerts) ? [...alerts] : [];
  list.sort((a, b) => (alertRank[a.state] ?? 2) - (alertRank[b.state] ?? 2) || String(a.name).localeCompare(String(b.name)));
  const firing = list.filter(a => a.state === "firing").length;
  say("firing", Array.isArray(alerts) ? `${firing} firing` : "");
  byId("firing").classList.toggle("alarm", firing > 0);
  render("alerts", [
    { title: "State", value: a => a.state }, { title: "Alert", value: a => a.name }, { title: "Scope", value: a => a.scope },
    { title: "Metric", value: a => [a.metric, tags(a)].filter(Boolean).join(" ") },
    { title: "Condition", value: a => `${a.field} over ${a.window} ${a.condition}` },
    { title: "Value", value: a => a.value, numeric: true }, { title: "Since", value: alertSince },
  ], list, {
    empty: "No alert rules are configured.",
    decorate: (row, a) => { row.cells[0].className = `state state-${String(a.state).replace(/[^a-z]/g, "")}`; },
  });
}

function show(snapshot) {
  showAlerts(snapshot.alerts);
  render("endpoints", endpointColumns, sortedEndpoints(snapshot.endpoints || []), { sortable: true, decorate: selectable });
  render("usage", [
    { title: "Usage", value: u => u.name }, { title: "Tags", value: tags },
    { title: "Calls", value: u => u.calls, numeric: true }, { title: "Failure rate", value: u => u.failureRate, numeric: true },
    { title: "Input tokens", value: u => u.inputTokens, numeric: true }, { title: "Output tokens", value: u => u.outputTokens, numeric: true },
    { title: "Cost", value: u => (u.costMicros / 1e6).toFixed(6), numeric: true }, { title: "Unpriced", value: u => u.unpriced, numeric: true },
    { title: "p95 ms", value: u => u.p95Ms, numeric: true },
  ], snapshot.usage || []);
  render("budgets", [
    { title: "Budget", value: b => b.name }, { title: "Period", value: b => b.period }, { title: "Source", value: b => b.source },
    { title: "Spent", value: b => b.spent, numeric: true }, { title: "Limit", value: b => b.limit, numeric: true },
    { title: "Percent", value: b => b.percent, numeric: true }, { title: "State", value: b => b.state },
  ], snapshot.budgets || []);
  render("tokens", [
    { title: "Tokens", value: t => t.name }, { title: "Tags", value: tags },
    { title: "Issued (1 h)", value: t => t.issuedLastHour, numeric: true }, { title: "Revoked (1 h)", value: t => t.revokedLastHour, numeric: true },
    { title: "Active", value: t => t.activeCount, numeric: true },
  ], snapshot.tokens || []);
  render("caches", [
    { title: "Cache", value: c => c.name }, { title: "Tags", value: tags },
    { title: "Hits", value: c => c.hits, numeric: true }, { title: "Misses", value: c => c.misses, numeric: true },
    { title: "Hit rate %", value: c => c.hitRatePct, numeric: true }, { title: "Evictions (1 h)", value: c => c.evictionsLastHour, numeric: true },
  ], snapshot.caches || []);
  render("events", [
    { title: "Event", value: e => e.name }, { title: "Tags", value: tags },
    { title: "Count", value: e => e.count, numeric: true }, { title: "Per second", value: e => e.ratePerSecond, numeric: true },
    { title: "Value sum", value: e => e.valueSum, numeric: true },
  ], snapshot.events || []);
  render("gauges", [
    { title: "Gauge", value: g => g.name }, { title: "Tags", value: tags }, { title: "Value", value: g => g.value, numeric: true },
  ], snapshot.gauges || []);
}

// Writes to a live region only when its text changes, so a screen reader is not told the same thing every refresh.
function say(id, text) {
  if (byId(id).textContent !== text) byId(id).textContent = text;
}

async function readJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path.split("?")[0]} answered ${response.status}`);
  return response.json();
}

// Without history, the chart has only what this page saw: one point per refresh from the 1m local window.
function sample(snapshot) {
  const at = Date.parse(snapshot.at);
  for (const endpoint of snapshot.endpoints || []) {
    const key = seriesKey(endpoint);
    if (!state.samples.has(key) && state.samples.size >= seriesSampled) continue;
    const ring = state.samples.get(key) || [];
    ring.push({ at, values: [endpoint.ratePerSecond, endpoint.errorRate, endpoint.p95Ms] });
    if (ring.length > samplesKept) ring.shift();
    state.samples.set(key, ring);
  }
}

async function refresh() {
  const view = { window: byId("window").value, scope: byId("scope").value };
  try {
    const snapshot = await readJson(`snapshot?${new URLSearchParams(view)}`);
    state.lastSnapshot = snapshot;
    show(snapshot);
    if (!state.history) {
      sample(view.window === "1m" && view.scope === "local" ? snapshot : await readJson("snapshot?window=1m&scope=local"));
    }
    await showChart();
    say("status", "Live");
    byId("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    say("status", `The dashboard could not be read: ${error.message}`);
  }
}

// The last hour of the metric from the history, one point per minute with data, or null while the history lacks it.
async function historyPoints(name) {
  const to = new Date(state.lastSnapshot.at);
  if (!state.knownToHistory.has(name)) {
    const hour = await readJson("snapshot?window=1h&scope=history");
    if (!(hour.endpoints || []).some(e => e.name === name)) return null;
    state.knownToHistory.add(name);
  }
  const query = new URLSearchParams({
    query: "timeseries", metric: name, format: "json", granularity: "minute",
    from: new Date(to.getTime() - 3600_000).toISOString(), to: to.toISOString(),
  });
  const rows = await readJson(`export?${query}`);
  return rows.map(r => ({ at: Date.parse(r.at), values: [r.calls, r.calls > 0 ? r.failures / r.calls : 0, r.p95Ms] }));
}

const pointCount = n => `${n} point${n === 1 ? "" : "s"}`;
const percent = v => `${shortNumber(v * 100)}%`;
const milliseconds = v => `${shortNumber(v)} ms`;

async function showChart() {
  const ticket = ++state.chartTicket;
  const selected = state.selected;
  if (selected === null) {
    byId("chart-caption").textContent = "Select an endpoint (click it, or Enter on its name) to chart it over time.";
    byId("chart-plot").replaceChildren();
    byId("chart-data").replaceChildren();
    return;
  }
  const points = state.history ? await historyPoints(selected.name) : state.samples.get(selected.key) || [];
  if (ticket !== state.chartTicket) return; // a newer refresh or selection draws instead
  const per = state.history ? "minute" : "second";
  const panels = [
    { key: "requests", title: `Requests per ${per}`, format: v => `${shortNumber(v)}/${state.history ? "min" : "s"}` },
    { key: "errorRate", title: "Error rate", format: percent },
    { key: "p95", title: "p95 latency", format: milliseconds },
  ];
  const shown = points || [];
  const caption = state.history
    ? (points === null
      ? `${selected.name}: no stored history in the last hour yet.`
      : `${selected.name}, last hour from the stored history, one point per minute with traffic: the metric's series added up (${pointCount(shown.length)}).`)
    : `${selected.label}: the 1-minute window sampled at each refresh since this page was opened at ${state.openedAt.toLocaleTimeString()} (${pointCount(shown.length)}, the last ${samplesKept} kept; nothing is stored).`;
  byId("chart-caption").textContent = caption;
  const subject = state.history ? `${selected.name} (all its series)` : selected.label;
  const title = `Requests per ${per}, error rate and p95 latency of ${subject} over time, ${pointCount(shown.length)}`;
  byId("chart-plot").replaceChildren(drawChart(shown, panels, title, byId("chart-plot").clientWidth, !state.history));
  render("chart-data", [
    { title: "Time", value: p => new Date(p.at).toLocaleTimeString() },
    ...panels.map((panel, i) => ({ title: panel.title, value: p => (finiteOrNull(p.values[i]) === null ? null : panel.format(p.values[i])), numeric: true })),
  ], shown, { empty: "no points yet" });
}

// Offers only the scopes this app answers (asking for another would be a 400); with history, the chart reads it.
async function discoverScopes() {
  const response = await fetch("dashboard/scopes", { credentials: "same-origin" });
  if (!response.ok) return;
  for (const scope of await response.json()) {
    state.history ||= scope === "history";
    if (scope === "local") continue;
    const option = document.createElement("option");
    option.value = option.textContent = scope;
    byId("scope").appendChild(option);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  byId("scope").addEventListener("change", refresh);
  byId("window").addEventListener("change", refresh);
  byId("endpoint-filter").addEventListener("input", event => { state.filter = event.target.value; refresh(); });
  await discoverScopes();
  await refresh();
  setInterval(refresh, refreshMilliseconds);
});
