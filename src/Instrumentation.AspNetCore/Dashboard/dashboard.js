// The Instrumentation dashboard: reads the snapshot next to this page every few seconds and renders it with DOM
// calls only (textContent, never HTML), so tag values cannot inject markup. No network beyond this app.
"use strict";

const refreshMilliseconds = 5000;
const state = { sortKey: "ratePerSecond", descending: true, filter: "" };

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

function render(tableId, columns, items, sortable) {
  const table = byId(tableId);
  table.replaceChildren();
  header(table, columns, sortable);
  if (items.length === 0) {
    const row = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns.length;
    td.className = "empty";
    td.textContent = "nothing recorded in this window";
    row.appendChild(td);
    table.appendChild(row);
    return;
  }
  for (const item of items) {
    const row = document.createElement("tr");
    for (const column of columns) cell(row, column.value(item), column.numeric);
    table.appendChild(row);
  }
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

function show(snapshot) {
  render("endpoints", endpointColumns, sortedEndpoints(snapshot.endpoints || []), true);
  render("usage", [
    { title: "Usage", value: u => u.name }, { title: "Tags", value: tags },
    { title: "Calls", value: u => u.calls, numeric: true }, { title: "Failure rate", value: u => u.failureRate, numeric: true },
    { title: "Input tokens", value: u => u.inputTokens, numeric: true }, { title: "Output tokens", value: u => u.outputTokens, numeric: true },
    { title: "Cost", value: u => (u.costMicros / 1e6).toFixed(6), numeric: true }, { title: "Unpriced", value: u => u.unpriced, numeric: true },
    { title: "p95 ms", value: u => u.p95Ms, numeric: true },
  ], snapshot.usage || [], false);
  render("budgets", [
    { title: "Budget", value: b => b.name }, { title: "Period", value: b => b.period }, { title: "Source", value: b => b.source },
    { title: "Spent", value: b => b.spent, numeric: true }, { title: "Limit", value: b => b.limit, numeric: true },
    { title: "Percent", value: b => b.percent, numeric: true }, { title: "State", value: b => b.state },
  ], snapshot.budgets || [], false);
  render("tokens", [
    { title: "Tokens", value: t => t.name }, { title: "Tags", value: tags },
    { title: "Issued (1 h)", value: t => t.issuedLastHour, numeric: true }, { title: "Revoked (1 h)", value: t => t.revokedLastHour, numeric: true },
    { title: "Active", value: t => t.activeCount, numeric: true },
  ], snapshot.tokens || [], false);
  render("caches", [
    { title: "Cache", value: c => c.name }, { title: "Tags", value: tags },
    { title: "Hits", value: c => c.hits, numeric: true }, { title: "Misses", value: c => c.misses, numeric: true },
    { title: "Hit rate %", value: c => c.hitRatePct, numeric: true }, { title: "Evictions (1 h)", value: c => c.evictionsLastHour, numeric: true },
  ], snapshot.caches || [], false);
  render("events", [
    { title: "Event", value: e => e.name }, { title: "Tags", value: tags },
    { title: "Count", value: e => e.count, numeric: true }, { title: "Per second", value: e => e.ratePerSecond, numeric: true },
    { title: "Value sum", value: e => e.valueSum, numeric: true },
  ], snapshot.events || [], false);
  render("gauges", [
    { title: "Gauge", value: g => g.name }, { title: "Tags", value: tags }, { title: "Value", value: g => g.value, numeric: true },
  ], snapshot.gauges || [], false);
}

async function refresh() {
  const query = new URLSearchParams({ window: byId("window").value, scope: byId("scope").value });
  try {
    const response = await fetch(`snapshot?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) {
      byId("status").textContent = `The snapshot answered ${response.status}.`;
      return;
    }
    const snapshot = await response.json();
    show(snapshot);
    byId("status").textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    byId("status").textContent = `The snapshot could not be read: ${error.message}`;
  }
}

// Offers only the scopes this app answers (asking for another would be a 400).
async function discoverScopes() {
  const response = await fetch("dashboard/scopes", { credentials: "same-origin" });
  if (!response.ok) return;
  for (const scope of await response.json()) {
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
  await refresh();
  await discoverScopes();
  setInterval(refresh, refreshMilliseconds);
});
