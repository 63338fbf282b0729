// The mesh's topology page: plain JavaScript and SVG, no dependencies, no build step.
// Polls /ui/api/graph (the declarations) every 5 s and /ui/api/stats (cumulative counts) every second;
// rates are differences between two counts divided by the time between them.
"use strict";

const W = 210, H = 40, COL = 300, ROW = 50, PAD = 24;
const svg = document.getElementById("canvas");
const select = document.getElementById("namespace");
let graph = { nodes: [], edges: [], groups: [] };
let nodeById = new Map(), incoming = new Map();
let previous = null, rates = {}, latest = {};
let selected = null, tail = null;

const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const rate = n => (n ?? 0) < 10 ? (n ?? 0).toFixed(1) : Math.round(n).toString();

async function json(url) {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function namespace() { return new URLSearchParams(location.search).get("namespace") || "default"; }

async function loadNamespaces() {
  const names = await json("/ui/api/namespaces");
  if (!names.includes(namespace())) names.push(namespace());
  select.innerHTML = names.map(n => `<option${n === namespace() ? " selected" : ""}>${esc(n)}</option>`).join("");
}

select.addEventListener("change", () => {
  history.replaceState(null, "", `?namespace=${encodeURIComponent(select.value)}`);
  closeDetails();
  loadGraph();
});

// Longest-path layers from the sources, so each hop sits one column right of where it comes from;
// a cycle (a trigger delivering back to its broker) stops growing after a bounded number of passes.
function layout(nodes, edges) {
  const start = { source: 0, broker: 1, channel: 1, trigger: 2, subscription: 2 };
  const rank = new Map(nodes.map(n => [n.id, start[n.role] ?? 3]));
  // A reply counts only inside a sequence or parallel (step to step); one back into a broker would
  // push the broker, and everything after it, to the far right.
  const group = new Map(nodes.map(n => [n.id, n.group]));
  const forward = edges.filter(e => e.kind !== "deadLetter" && rank.has(e.from) && rank.has(e.to)
    && (e.kind !== "reply" || (group.get(e.from) && group.get(e.from) === group.get(e.to))));
  for (let pass = 0, changed = true; changed && pass < 12; pass++) {
    changed = false;
    for (const e of forward) {
      const want = Math.min(rank.get(e.from) + 1, 24);
      if (rank.get(e.to) < want) { rank.set(e.to, want); changed = true; }
    }
  }
  for (const e of edges) if (e.kind === "deadLetter" && rank.has(e.to)) rank.set(e.to, Math.max(rank.get(e.to), rank.get(e.from) + 1));
  // Rows in bands: nodes outside any sequence or parallel first, then each group's own band, so
  // that a group's box holds its members and nothing else.
  const bands = [...new Set(nodes.map(n => n.group ?? ""))].sort((a, b) => a === b ? 0 : a === "" ? -1 : b === "" ? 1 : a.localeCompare(b));
  const xs = [...new Set(rank.values())].sort((a, b) => a - b);
  const position = new Map();
  let top = PAD + 18;
  for (const band of bands) {
    const rows = new Map();
    for (const n of nodes.filter(n => (n.group ?? "") === band).sort((a, b) => a.id.localeCompare(b.id))) {
      const r = rank.get(n.id), row = rows.get(r) ?? 0;
      rows.set(r, row + 1);
      position.set(n.id, { x: PAD + xs.indexOf(r) * COL, y: top + row * ROW });
    }
    top += Math.max(0, ...rows.values()) * ROW + (band === "" ? 10 : 34);
  }
  return position;
}

function render() {
  nodeById = new Map(graph.nodes.map(n => [n.id, n]));
  incoming = new Map();
  for (const e of graph.edges) {
    if (!incoming.has(e.to)) incoming.set(e.to, []);
    incoming.get(e.to).push(e);
  }
  const position = layout(graph.nodes, graph.edges);
  let width = 400, height = 200;
  for (const p of position.values()) { width = Math.max(width, p.x + W + PAD); height = Math.max(height, p.y + H + PAD); }
  const parts = [];
  for (const g of graph.groups) {
    const members = graph.nodes.filter(n => n.group === g.id).map(n => position.get(n.id));
    if (!members.length) continue;
    const x = Math.min(...members.map(p => p.x)) - 10, y = Math.min(...members.map(p => p.y)) - 20;
    const x2 = Math.max(...members.map(p => p.x)) + W + 10, y2 = Math.max(...members.map(p => p.y)) + H + 8;
    parts.push(`<g class="group" data-id="${esc(g.id)}"><rect x="${x}" y="${y}" width="${x2 - x}" height="${y2 - y}"/>` +
      `<text x="${x + 8}" y="${y + 13}">${esc(g.kind)} ${esc(g.name)}${g.ready === "True" ? "" : " · " + esc(g.reason ?? g.ready)}</text></g>`);
  }
  graph.edges.forEach((e, i) => {
    const a = position.get(e.from), b = position.get(e.to);
    if (!a || !b) return;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    parts.push(`<path class="edge ${esc(e.kind)}" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}"/>`);
    // Labels sit near the end where edges spread out: by the target when one broker routes to
    // many triggers, by the source when many triggers deliver to one subscriber.
    const t = e.kind === "route" ? 0.8 : 0.2, u = 1 - t;
    const lx = u * u * u * x1 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * x2;
    const ly = u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2;
    parts.push(`<text class="rate" data-edge="${i}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-kind="${esc(e.kind)}" x="${lx}" y="${ly - 3}" text-anchor="middle"></text>`);
  });
  for (const n of graph.nodes) {
    const p = position.get(n.id);
    const state = n.ready === "True" ? "ok" : n.ready === "False" ? "bad" : "unknown";
    parts.push(`<g class="node ${state} ${esc(n.role)}${n.id === selected ? " selected" : ""}" data-id="${esc(n.id)}" data-ready="${esc(n.ready)}" transform="translate(${p.x},${p.y})">` +
      `<title>${esc(n.kind)} ${esc(n.name)}${n.message ? "\n" + esc(n.message) : ""}</title>` +
      `<rect width="${W}" height="${H}"/><text class="name" x="8" y="16">${esc(short(n.name))}</text>` +
      `<text class="sub" x="8" y="32">${esc(n.kind)}${n.ready === "True" ? "" : " · " + esc(n.reason ?? n.ready)}</text></g>`);
  }
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.innerHTML = parts.join("");
  document.getElementById("summary").textContent = `${graph.nodes.length} nodes, ${graph.edges.length} edges`;
  paintRates();
}

const short = s => s.length > 27 ? s.slice(0, 12) + "…" + s.slice(-14) : s;

let graphText = "";

// The SVG is rebuilt only when the declarations changed: rebuilding 1,000 nodes every five seconds
// would take the page away from a user about to click one.
async function loadGraph() {
  try {
    const response = await fetch(`/ui/api/graph?namespace=${encodeURIComponent(namespace())}`, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`graph: ${response.status}`);
    const text = await response.text();
    if (text === graphText) return;
    graphText = text;
    graph = JSON.parse(text);
    render();
  } catch (e) {
    document.getElementById("updated").textContent = `graph: ${e.message}`;
  }
}

async function loadStats() {
  try {
    const stats = await json("/ui/api/stats");
    const byKey = Object.fromEntries(stats.objects.map(o => [o.key, o]));
    if (previous) {
      const seconds = Math.max((stats.time - previous.time) / 1000, 0.001);
      rates = {};
      for (const [key, now] of Object.entries(byKey)) {
        const before = previous.byKey[key] ?? {};
        rates[key] = Object.fromEntries(["accepted", "refused", "delivered", "failed", "deadLettered", "replies"]
          .map(f => [f, Math.max(0, (now[f] - (before[f] ?? 0)) / seconds)]));
      }
    }
    latest = { byKey, now: stats.now };
    previous = { time: stats.time, byKey };
    paintRates();
    document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    document.getElementById("updated").textContent = `stats: ${e.message}`;
  }
}

// Updates only text and classes: the SVG is rebuilt when the graph changes, not every second.
function paintRates() {
  for (const label of svg.querySelectorAll("text.rate")) {
    const e = graph.edges[+label.dataset.edge];
    const r = rates[e.stats] ?? {};
    let text;
    if (e.kind === "route") text = `${rate(r.accepted)}/s`;
    else if (e.kind === "deadLetter") text = `☠ ${rate(r.deadLettered)}/s`;
    else if (e.kind === "reply") text = `↩ ${rate(r.replies)}/s`;
    else text = `✓ ${rate(r.delivered)}/s  ✗ ${rate(r.failed)}/s`;
    label.textContent = text;
    label.classList.toggle("hot", Object.values(r).some(v => v > 0));
  }
  for (const node of svg.querySelectorAll("g.node")) {
    const n = nodeById.get(node.dataset.id);
    const sub = node.querySelector(".sub");
    if (n.role === "broker" || n.role === "channel") {
      const r = rates[n.id] ?? {};
      if (n.ready === "True") sub.textContent = `${n.kind} · in ${rate(r.accepted)}/s` + (r.refused ? ` · refused ${rate(r.refused)}/s` : "");
    }
    if (n.role === "sink" || n.role === "deadLetterSink") {
      const failing = failingInto(n.id);
      node.classList.toggle("bad", n.ready !== "True" || !!failing);
      node.dataset.broken = failing ? "true" : "false";
      if (n.ready === "True") sub.textContent = failing ? `failing: ${failing}` : n.kind;
    }
  }
}

// A subscriber is failing when a delivery to it failed more recently than one succeeded (within a minute).
function failingInto(id) {
  for (const e of incoming.get(id) ?? []) {
    if (e.kind === "route") continue;
    const s = latest.byKey?.[e.stats];
    if (!s || !s.lastFailureAt || s.lastFailureAt <= s.lastDeliveredAt) continue;
    if (latest.now - s.lastFailureAt > 60 * 10_000_000) continue;
    return s.lastFailureStatus ? `HTTP ${s.lastFailureStatus}` : "no response";
  }
  return null;
}

svg.addEventListener("click", event => {
  const node = event.target.closest("g.node");
  if (node) openDetails(node.dataset.id);
});
document.getElementById("close").addEventListener("click", closeDetails);

async function openDetails(id) {
  selected = id;
  for (const n of svg.querySelectorAll("g.node")) n.classList.toggle("selected", n.dataset.id === id);
  const panel = document.getElementById("details");
  panel.hidden = false;
  document.getElementById("details-title").textContent = id;
  const tailBox = document.getElementById("tail");
  tailBox.textContent = "";
  if (tail) { tail.close(); tail = null; }
  const n = nodeById.get(id);
  document.getElementById("details-ready").textContent = n ? `Ready: ${n.ready}${n.reason ? ` (${n.reason})` : ""}${n.message ? ` — ${n.message}` : ""}` : "";
  if (id.startsWith("uri:") || id.startsWith("ref:")) {
    document.querySelector("#conditions tbody").innerHTML = "";
    document.querySelector("#failures tbody").innerHTML = "";
    document.getElementById("declaration").textContent = n?.message ?? id.slice(4);
    return;
  }
  try {
    const details = await json(`/ui/api/objects/${id}`);
    const conditions = details.object.status?.conditions ?? [];
    document.querySelector("#conditions tbody").innerHTML = conditions.map(c =>
      `<tr><td>${esc(c.type)}</td><td>${esc(c.status)}</td><td>${esc(c.reason)}</td><td>${esc(c.message)}</td></tr>`).join("");
    document.querySelector("#failures tbody").innerHTML = details.failures.map(f =>
      `<tr><td>${esc(new Date(f.at).toLocaleTimeString())}</td><td>${esc(f.statusCode ?? "none")}</td><td>${esc(f.attempt)}</td><td>${esc(f.body)}</td></tr>`).join("")
      || `<tr><td colspan="4" class="muted">none</td></tr>`;
    document.getElementById("declaration").textContent = JSON.stringify(details.object, null, 2);
    if (details.tail) startTail(details.tail, tailBox);
  } catch (e) {
    document.getElementById("declaration").textContent = e.message;
  }
}

function startTail(url, box) {
  tail = new EventSource(url);
  tail.onmessage = message => {
    const m = JSON.parse(message.data);
    let line;
    if (m.kind === "ready") line = `tailing ${m.object}`;
    else if (m.kind === "event") line = `${m.time.slice(11, 23)} event ${m.event.type} ${m.event.id} from ${m.event.source}`;
    else if (m.kind === "outcome") line = `   ↳ ${m.object}: ${m.result} ${m.statusCode ?? ""} attempt ${m.attempt}${m.retryAt ? ` retry at ${m.retryAt.slice(11, 19)}` : ""}`;
    else line = `   (${m.count} records skipped)`;
    const lines = (box.textContent ? box.textContent.split("\n") : []).concat(line).slice(-200);
    box.textContent = lines.join("\n");
  };
}

function closeDetails() {
  selected = null;
  document.getElementById("details").hidden = true;
  if (tail) { tail.close(); tail = null; }
  for (const n of svg.querySelectorAll("g.node.selected")) n.classList.remove("selected");
}

(async () => {
  await loadNamespaces().catch(() => { select.innerHTML = `<option>${esc(namespace())}</option>`; });
  await loadGraph();
  await loadStats();
  setInterval(loadStats, 1000);
  setInterval(loadGraph, 5000);
})();
