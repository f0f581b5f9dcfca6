// EdgeCompute dashboard: plain DOM, no framework, no inline script (the page's CSP forbids it). Every text from the API
// goes in through text nodes (el() appends strings as text) and is never parsed as markup, so an id, channel or error that
// carries markup is shown as text. The token (an owner's or the operator's) lives in sessionStorage only.
"use strict";

const TOKEN_KEY = "edgecompute.token";
const POLL_MS = 3000;
const SVG_NS = "http://www.w3.org/2000/svg";
const state = { session: { kind: "anonymous", owner: null }, drawing: false, world: null, policy: null };

// ---- DOM helpers ---------------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}

function sv(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function appendAll(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

const num = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"));
const frac = (x, digits = 4) => (x === null || x === undefined ? "—" : Number(x).toFixed(digits));
const pct = (x) => (x === null || x === undefined ? "—" : (100 * x).toFixed(1) + " %");
const time = (iso) => (iso ? new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "—");
const bytes = (n) => {
  if (n === null || n === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Number(n), u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
};
const link = (hash, text) => el("a", { href: "#" + hash }, text);
const ago = (iso) => {
  const s = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.floor(s / 60)}m ago` : s < 86400 ? `${Math.floor(s / 3600)}h ago` : `${Math.floor(s / 86400)}d ago`;
};

function table(cls, headers, rows) {
  return el("table", { class: cls },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.endsWith("#") ? "n" : null }, h.replace(/#$/, ""))))),
    el("tbody", {}, rows));
}

const td = (value, numeric) => el("td", { class: numeric ? "n" : null }, value);

// ---- API -----------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path, { raw = false, method = "GET" } = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, { method, headers: token ? { Authorization: "Bearer " + token } : {}, cache: "no-store" });
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch {
      // not a problem document
    }
    throw new ApiError(response.status, detail);
  }
  return raw ? response : response.json();
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

// ---- routing ---------------------------------------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, "");
  const [path, search] = hash.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { page: parts[0] || "fleet", id: parts.slice(1).join("/"), params: new URLSearchParams(search || "") };
}

function go(page, id, params) {
  const q = params ? query(Object.fromEntries(Object.entries(params))) : "";
  location.hash = page + (id ? "/" + encodeURIComponent(id) : "") + q;
}

const views = { fleet: fleetView, jobs: jobsView, job: jobView, epochs: epochsView, epoch: epochView, telemetry: telemetryView, ledger: ledgerView };

async function draw(force) {
  if (state.drawing) {
    state.again = state.again || force;
    return;
  }
  const main = document.getElementById("main");
  // Do not redraw under a person typing in a field of the page.
  if (!force && main.contains(document.activeElement) && /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) return;
  state.drawing = true;
  const r = route();
  const view = views[r.page] || fleetView;
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.page === r.page || a.dataset.page === r.page + "s");
  try {
    const [content] = await Promise.all([view(r), drawStats()]);
    main.replaceChildren(content);
    showError(null);
    const stamp = new Date().toISOString();
    document.getElementById("updated").textContent = "updated " + time(stamp);
    document.body.dataset.updated = stamp;
    document.body.dataset.page = r.page;
  } catch (e) {
    showError(e instanceof ApiError ? e.message : "the coordinator did not answer: " + e.message);
  } finally {
    state.drawing = false;
    if (state.again) {
      state.again = false;
      draw(true);
    }
  }
}

function showError(text) {
  const box = document.getElementById("error");
  box.hidden = !text;
  box.textContent = text || "";
}

async function drawStats() {
  const s = await api("/api/stats");
  const card = (key, label, value) => el("div", { class: "card", "data-stat": key }, el("div", { class: "v" }, num(value)), el("div", { class: "k" }, label));
  document.getElementById("stats").replaceChildren(
    card("readingsStored", "readings stored", s.readingsStored),
    card("batchesStored", "batches stored", s.batchesStored),
    card("tasksVerified", "tasks verified", s.tasks.verified),
    card("tasksRejected", "tasks rejected", s.tasks.rejected),
    card("jobsRunning", "jobs running", s.jobs.running),
    card("jobsCompleted", "jobs completed", s.jobs.completed),
    card("jobsFailed", "jobs failed", s.jobs.failed));
}

// ---- fleet -----------------------------------------------------------------------------------------------------------

const GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz";

function geohashCentre(hash) {
  let lat = [-90, 90], lon = [-180, 180], even = true;
  for (const c of hash) {
    const bits = GEOHASH.indexOf(c);
    if (bits < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const range = even ? lon : lat;
      const mid = (range[0] + range[1]) / 2;
      if ((bits >> b) & 1) range[0] = mid; else range[1] = mid;
      even = !even;
    }
  }
  return { lat: (lat[0] + lat[1]) / 2, lon: (lon[0] + lon[1]) / 2 };
}

async function worldOutline() {
  if (!state.world) {
    const text = await (await api("/dashboard/world.svg", { raw: true })).text();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    state.world = doc.querySelector("path").getAttribute("d");
  }
  return state.world;
}

function fleetMap(cells, outline) {
  const points = cells.map((c) => ({ ...c, at: geohashCentre(c.geohash) })).filter((c) => c.at);
  // Frame the cells (at least 24° across), else the whole world.
  let box = { x: 0, y: 0, w: 360, h: 180 };
  if (points.length) {
    const xs = points.map((p) => p.at.lon + 180), ys = points.map((p) => 90 - p.at.lat);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const w = Math.min(360, Math.max(24, (Math.max(...xs) - Math.min(...xs)) * 1.4)), h = Math.min(180, w / 2);
    box = { x: Math.max(0, Math.min(360 - w, cx - w / 2)), y: Math.max(0, Math.min(180 - h, cy - h / 2)), w, h };
  }
  const scale = box.w / 360;
  return sv("svg", { class: "map", viewBox: `${box.x} ${box.y} ${box.w} ${box.h}`, role: "img", "aria-label": "nodes on the map by public geohash cell" },
    sv("rect", { x: 0, y: 0, width: 360, height: 180, fill: "#f0f6fc" }),
    sv("path", { d: outline, fill: "#dfe6ee", stroke: "#9aa9b8", "stroke-width": 0.3 * scale }),
    points.map((p) => sv("circle", {
      class: p.online > 0 ? "cell-on" : "cell-off", "data-geohash": p.geohash,
      cx: p.at.lon + 180, cy: 90 - p.at.lat, r: (1.5 + Math.log2(1 + p.nodes)) * scale,
    }, sv("title", {}, `${p.geohash}: ${p.nodes} nodes, ${p.online} online`))));
}

async function fleetView(r) {
  const p = r.params;
  const offset = Number(p.get("offset") || 0);
  const filter = { gateway: p.get("gateway") || "", online: p.get("online") || "", q: p.get("q") || "" };
  const [fleet, outline] = await Promise.all([api("/api/fleet" + query({ ...filter, offset, limit: 50 })), worldOutline()]);
  const set = (change) => go("fleet", null, { ...filter, ...change, offset: change.offset || "" });

  const summary = el("div", { class: "filters" },
    el("div", { class: "card", "data-fleet": "nodes" }, el("div", { class: "v" }, num(fleet.nodes)), el("div", { class: "k" }, "nodes")),
    el("div", { class: "card", "data-fleet": "online" }, el("div", { class: "v online" }, num(fleet.online)), el("div", { class: "k" }, "online")),
    el("div", { class: "card", "data-fleet": "offline" }, el("div", { class: "v offline" }, num(fleet.nodes - fleet.online)), el("div", { class: "k" }, "offline")),
    el("div", { class: "card", "data-fleet": "gateways" }, el("div", { class: "v" }, num(fleet.gateways.length)), el("div", { class: "k" }, "gateways")));

  // The gateway's latest status report (null before its first; a v1 gateway leaves the v2 fields null: shown as —).
  const st = (g) => g.status || {};
  const gatewayRows = fleet.gateways.slice(0, 200).map((g) => el("tr", { "data-gateway": g.id },
    td(el("a", { href: "#", onclick: (e) => { e.preventDefault(); set({ gateway: g.id }); } }, g.id)), td(g.owner ?? "—"),
    td(el("span", { class: g.online ? "online" : "offline" }, g.online ? "online" : "offline")), td(num(g.devices), true), td(num(g.devicesOnline), true),
    td(num(st(g).connectedDevices), true), td(num(st(g).outboxDepth), true), td(bytes(st(g).outboxBytes), true), td(num(st(g).unackedBatches), true),
    td(num(st(g).outboxEvictions), true), td(num(st(g).uplinkReconnects), true),
    td(g.status ? (g.status.idleCpuPermille / 10).toFixed(1) + " %" : "—", true), td(bytes(st(g).freeMemoryBytes), true),
    td(g.status ? el("span", { class: "muted", title: time(g.status.receivedAt) }, ago(g.status.receivedAt)) : "never")));

  const gatewaySelect = el("select", { id: "filter-gateway", onchange: (e) => set({ gateway: e.target.value }) },
    el("option", { value: "" }, "all gateways"), fleet.gateways.map((g) => el("option", { value: g.id, selected: g.id === filter.gateway }, g.id)));
  const onlineSelect = el("select", { id: "filter-online", onchange: (e) => set({ online: e.target.value }) },
    el("option", { value: "" }, "online and offline"), el("option", { value: "true", selected: filter.online === "true" }, "online only"),
    el("option", { value: "false", selected: filter.online === "false" }, "offline only"));
  const search = el("input", { id: "filter-q", type: "search", placeholder: "id or owner contains…", value: filter.q, onchange: (e) => set({ q: e.target.value }) });

  const nodeRows = fleet.items.map((n) => el("tr", { "data-node": n.id },
    td(n.id), td(n.kind), td(n.owner ?? "—"), td(n.gateway),
    td(el("span", { class: n.online ? "online" : "offline" }, n.online ? "online" : "offline")),
    td(el("span", { class: "muted", title: time(n.lastSeen) }, n.lastSeen ? ago(n.lastSeen) : "never")),
    td(num(n.capacity), true), td(num(n.outstanding), true), td(frac(n.reputation, 3), true),
    td(el("code", {}, n.geohash || "—"), n.exact ? " exact" : "")));

  return el("div", { id: "fleet" },
    el("h2", {}, "Fleet"), summary,
    fleetMap(fleet.cells, outline),
    el("p", { class: "muted" }, `${num(fleet.cells.length)} map cells. Locations are public to five geohash characters (about 5 km); a node's owner and the operator see the exact cell in the table.`),
    el("h2", {}, "Gateways"),
    table("gateways", ["gateway", "operator", "state", "devices#", "online#", "connected#", "outbox items#", "outbox size#", "unacked#", "evicted#",
      "reconnects#", "idle CPU#", "free memory#", "reported"], gatewayRows),
    el("p", { class: "muted" }, "From each gateway's latest status report: devices connected to its broker, its outbox (items waiting, size, batches not yet acknowledged, telemetry frames evicted since its boot), uplink reconnects since its boot, free capacity; — where the gateway does not report a field."),
    fleet.gateways.length > 200 ? el("p", { class: "muted" }, `first 200 of ${num(fleet.gateways.length)} gateways`) : null,
    el("h2", {}, "Nodes"),
    el("div", { class: "filters" }, gatewaySelect, onlineSelect, search),
    table("nodes", ["id", "kind", "owner", "gateway", "state", "last seen", "capacity#", "outstanding#", "reputation#", "geohash"], nodeRows),
    pager(fleet.matching, offset, fleet.items.length, fleet.next, (o) => set({ offset: String(o) }), 50),
    el("p", { class: "muted" }, "Last seen: when the coordinator last heard of the node (a birth, a state report, a batch holding its readings; a gateway's status too), on the coordinator's clock."));
}

function pager(total, offset, shown, next, goTo, size) {
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: offset === 0, onclick: () => goTo(Math.max(0, offset - size)) }, "‹ previous"),
    el("span", { class: "page-info" }, shown ? `${num(offset + 1)}–${num(offset + shown)} of ${num(total)}` : `0 of ${num(total)}`),
    el("button", { type: "button", disabled: next === null || next === undefined, onclick: () => goTo(next) }, "next ›"));
}

// ---- jobs ------------------------------------------------------------------------------------------------------------

async function jobsView(r) {
  const offset = Number(r.params.get("offset") || 0);
  const status = r.params.get("status") || "";
  const page = await api("/api/jobs" + query({ status, offset, limit: 20 }));
  const details = await Promise.all(page.items.map((j) => api("/api/jobs/" + encodeURIComponent(j.id))));
  const rows = details.map((j) => el("tr", { "data-job": j.id },
    td(link("job/" + encodeURIComponent(j.id), j.id)), td(j.kind), td(j.submitter), td(num(j.fee), true),
    td(el("span", { class: j.status === "failed" || j.status === "cancelled" ? "failed" : null }, j.status)),
    td([el("progress", { max: Math.max(1, j.tasks.total), value: j.tasks.verified }), ` ${j.tasks.verified}/${j.tasks.total}`]),
    td(j.charged === undefined || j.charged === null ? "–" : num(j.charged), true),
    td(num(j.tasks.failed), true), td(time(j.created)), td(j.detail)));
  const select = el("select", { id: "filter-status", onchange: (e) => go("jobs", null, { status: e.target.value }) },
    ["", "running", "completed", "failed", "cancelled"].map((s) => el("option", { value: s, selected: s === status }, s || "any status")));
  return el("div", { id: "jobs" }, el("h2", {}, "Jobs"), el("div", { class: "filters" }, select),
    table("jobs", ["job", "kind", "submitter", "escrowed#", "status", "progress", "charged#", "tasks failed#", "created", "detail"], rows),
    pager(null, offset, page.items.length, page.next, (o) => go("jobs", null, { status, offset: o }), 20));
}

// Tasks that failed, or whose runs did not end "ok" (trap, out of fuel, deadline …), with each node's outcome and verdict.
async function taskProblems(j) {
  const page = await api("/api/jobs/" + encodeURIComponent(j.id) + "/tasks" + query({ limit: 200 }));
  const shown = page.items.filter((t) => t.status === "failed" || t.results.some((x) => x.outcome !== "ok" || x.verdict === "invalid"));
  const rows = shown.map((t) => el("tr", { "data-task": t.index },
    td(num(t.index), true), td(el("span", { class: t.status === "failed" ? "failed" : null }, t.status)), td(num(t.attempts), true),
    td(t.results.map((x) => el("div", {}, el("code", {}, x.node), " ", el("span", { class: x.outcome === "ok" ? null : "failed" }, x.outcome),
      ", " + x.verdict + (x.reason ? " (" + x.reason + ")" : ""))))));
  const more = page.next !== null && page.next !== undefined ? el("p", { class: "muted" }, `Only the first ${page.items.length} of ${num(page.total)} tasks are checked here; edgecompute jobs ${j.id} --tasks lists all.`) : null;
  return el("div", { id: "task-problems" }, el("h2", {}, "Failed runs"),
    rows.length ? table("task-problems", ["task#", "status", "attempts#", "results: node, outcome, verdict"], rows) : el("p", { class: "muted" }, "No task failed and no run ended badly."),
    more);
}

async function cancelJob(j) {
  if (!window.confirm(`Cancel job ${j.id}? Work verified so far and its storage are charged; the rest of the escrow is refunded.`)) return;
  try {
    const c = await api("/api/jobs/" + encodeURIComponent(j.id), { method: "DELETE" });
    showError(null);
    document.getElementById("updated").textContent = `cancelled: ${num(c.paid)} charged, ${num(c.refunded)} refunded`;
  } catch (e) {
    showError(e instanceof ApiError ? e.message : "the coordinator did not answer: " + e.message);
  }
  draw(true);
}

async function jobView(r) {
  const j = await api("/api/jobs/" + encodeURIComponent(r.id));
  const parts = [
    el("h2", {}, "Job ", el("code", {}, j.id)),
    table("job", ["", ""], [
      ["kind", j.kind], ["submitter", j.submitter],
      ["escrowed", num(j.fee) + (j.rate === undefined || j.rate === null ? " (flat fee)" : ` (the quote, at ${num(j.rate)} per million units)`)],
      ...(j.charged === undefined || j.charged === null ? [] : [["charged", num(j.charged)], ["refunded", num(j.refunded)]]),
      ["status", j.waiting ? `${j.status}: ${j.waiting}` : j.status], ["created", time(j.created)],
      ["finished", time(j.finished)],
      ["tasks", `${j.tasks.total} total, ${j.tasks.open} open, ${j.tasks.verified} verified, ${j.tasks.failed} failed` + (j.tasks.cancelled ? `, ${j.tasks.cancelled} cancelled` : "")],
      ["detail", j.detail],
    ].map(([k, v]) => el("tr", { "data-field": k }, el("th", {}, k), td(v)))),
    el("progress", { max: Math.max(1, j.tasks.total), value: j.tasks.verified }),
  ];
  const mayCancel = (j.status === "running" || j.status === "waiting for nodes")
    && (state.session.kind === "operator" || (state.session.kind === "owner" && state.session.owner === j.submitter));
  if (mayCancel) {
    parts.push(el("p", {}, el("button", { type: "button", id: "cancel-job", onclick: () => cancelJob(j) }, "cancel this job"),
      el("span", { class: "muted" }, " work verified so far and the storage are charged, the rest of the escrow refunded")));
  }
  parts.push(await taskProblems(j));
  if (j.status === "completed") {
    const result = await api("/api/jobs/" + encodeURIComponent(j.id) + "/result");
    if (j.kind === "wasm-map") {
      parts.push(el("h2", {}, "Image"), el("img", {
        class: "result", alt: "rendered image of " + j.id, src: "/api/jobs/" + encodeURIComponent(j.id) + "/image.png",
        onerror: (e) => e.target.replaceWith(el("p", { class: "muted" }, "this job has no image")),
      }));
    }
    // an image's pixels are shown above as the picture, not as base64
    const shown = JSON.stringify(result, (key, value) => (key === "pixels" && typeof value === "string" && value.length > 64 ? `(${value.length} characters of base64, drawn above)` : value), 2);
    parts.push(el("h2", {}, "Merged result"), el("pre", { id: "result" }, shown));
  }
  return el("div", { id: "job" }, parts);
}

// ---- epochs ----------------------------------------------------------------------------------------------------------

async function epochsView(r) {
  const before = r.params.get("before") || "";
  const page = await api("/api/epochs" + query({ before, limit: 20 }));
  const rows = page.items.map((e) => el("tr", { "data-epoch": e.id },
    td(link("epoch/" + e.id, String(e.id))), td(time(e.start)), td(time(e.end)), td(num(e.totalPaid), true), td(num(e.owners), true),
    td(frac(e.gini), true), td(num(e.nakamoto), true), td(pct(e.topDecileShare), true)));
  return el("div", { id: "epochs" }, el("h2", {}, "Closed epochs"),
    page.items.length ? table("epochs", ["epoch", "start", "end", "paid#", "owners#", "Gini#", "Nakamoto#", "top decile#"], rows)
      : el("p", { class: "muted" }, "No epoch has closed yet."),
    page.next !== null && page.next !== undefined ? el("p", {}, el("a", { href: "#epochs?before=" + page.next }, "older epochs ›")) : null);
}

function rewardChart(payouts, pot, capBasisPoints) {
  const lines = [...payouts].sort((a, b) => b.amount - a.amount || (a.owner < b.owner ? -1 : 1)).slice(0, 40);
  const cap = capBasisPoints ? Math.floor((pot * capBasisPoints) / 10000) : null;
  const max = Math.max(1, ...lines.map((l) => l.amount), cap && cap <= pot ? cap : 0);
  const left = 170, width = 720, barW = width - left - 110, rowH = 20, top = 24, height = top + lines.length * rowH + 30;
  const x = (v) => left + (barW * v) / max;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => Math.round(max * t));
  return sv("svg", { class: "chart", id: "reward-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "reward per owner" },
    ticks.map((t) => [sv("line", { class: "grid", x1: x(t), x2: x(t), y1: top - 4, y2: height - 24 }),
      sv("text", { x: x(t), y: height - 10, "text-anchor": "middle" }, num(t))]),
    lines.map((l, i) => [
      sv("text", { x: left - 6, y: top + i * rowH + 14, "text-anchor": "end", class: "owner" }, l.owner),
      sv("rect", { class: "bar", x: left, y: top + i * rowH + 3, width: Math.max(1, x(l.amount) - left), height: rowH - 6 }),
      sv("text", { x: x(l.amount) + 4, y: top + i * rowH + 14, class: "amount" }, num(l.amount)),
    ]),
    cap !== null && cap <= max ? [sv("line", { class: "cap", x1: x(cap), x2: x(cap), y1: top - 8, y2: height - 24 }),
      sv("text", { x: x(cap), y: top - 10, "text-anchor": "middle", class: "cap-label" }, `share cap ${capBasisPoints / 100} % of pot = ${num(cap)}`)] : null,
    sv("line", { class: "axis", x1: left, x2: left, y1: top - 4, y2: height - 24 }));
}

async function epochView(r) {
  const [s, policy] = await Promise.all([api("/api/epochs/" + encodeURIComponent(r.id)), state.policy || api("/api/epochs/policy")]);
  state.policy = policy;
  const mine = state.session.kind === "owner" ? s.payouts.find((l) => l.owner === state.session.owner) : null;
  return el("div", { id: "epoch" },
    el("h2", {}, "Epoch ", String(s.id)),
    table("epoch", ["", ""], [
      ["window", `${time(s.start)} – ${time(s.end)}`], ["emission", num(s.emission)], ["fees", num(s.fees)], ["pot", num(s.pot)],
      ["paid", num(s.totalPaid)], ["carried", `${num(s.carried)} to ${s.carryAccount}`], ["owners paid", num(s.payouts.length)],
      ["Gini", frac(s.metrics.gini)], ["Nakamoto", num(s.metrics.nakamoto)], ["top decile share", pct(s.metrics.topDecileShare)],
      ["share cap", `${policy.ownerShareCapBasisPoints / 100} % of the pot (policy in force now)`],
      ["merkle root", el("code", {}, s.merkleRoot)], ["chain head", el("code", {}, `#${s.chainHead.sequence} ${s.chainHead.hash}`)],
    ].map(([k, v]) => el("tr", { "data-field": k }, el("th", {}, k), td(v)))),
    el("h2", {}, "Rewards by owner"),
    s.payouts.length ? rewardChart(s.payouts, s.pot, policy.ownerShareCapBasisPoints) : el("p", { class: "muted" }, "Nobody was paid in this epoch."),
    s.payouts.length > 40 ? el("p", { class: "muted" }, "the chart shows the 40 largest lines; the table has them all") : null,
    table("payouts", ["owner", "amount#", "share of pot#"], s.payouts.map((l) => el("tr", { "data-owner": l.owner },
      td(l.owner), td(num(l.amount), true), td(pct(s.pot ? l.amount / s.pot : 0), true)))),
    mine ? el("p", {}, proofButton(s.id, mine.owner)) : null);
}

function proofButton(epochId, owner) {
  return el("button", {
    type: "button", class: "proof", "data-epoch": epochId,
    onclick: async () => {
      try {
        const proof = await api(`/api/epochs/${epochId}/proofs/${encodeURIComponent(owner)}`);
        const blob = new Blob([JSON.stringify(proof, null, 2)], { type: "application/json" });
        const a = el("a", { href: URL.createObjectURL(blob), download: `proof-epoch-${epochId}-${owner}.json` });
        document.body.append(a);
        a.click();
        a.remove();
      } catch (e) {
        showError(e.message);
      }
    },
  }, `download my inclusion proof (epoch ${epochId})`);
}

// ---- telemetry ---------------------------------------------------------------------------------------------------------

function bucketed(points, buckets) {
  if (points.length <= buckets) return points.map((p) => ({ t: p.timeMs, min: Number(p.min), max: Number(p.max), mean: Number(p.mean) }));
  const t0 = points[0].timeMs, t1 = points[points.length - 1].timeMs, span = Math.max(1, t1 - t0);
  const out = [];
  for (const p of points) {
    const i = Math.min(buckets - 1, Math.floor(((p.timeMs - t0) / span) * buckets));
    const b = out[i] || (out[i] = { t: p.timeMs, min: Infinity, max: -Infinity, sum: 0, n: 0 });
    b.min = Math.min(b.min, Number(p.min));
    b.max = Math.max(b.max, Number(p.max));
    b.sum += Number(p.mean);
    b.n++;
  }
  return out.filter(Boolean).map((b) => ({ t: b.t, min: b.min, max: b.max, mean: b.sum / b.n }));
}

function telemetryChart(device, channel, points) {
  const data = bucketed(points, 400);
  const width = 820, height = 260, left = 60, right = 10, top = 10, bottom = 30;
  const t0 = data[0].t, t1 = Math.max(t0 + 1, data[data.length - 1].t);
  const lo = Math.min(...data.map((d) => d.min)), hi = Math.max(lo + 1e-9, ...data.map((d) => d.max));
  const x = (t) => left + ((width - left - right) * (t - t0)) / (t1 - t0);
  const y = (v) => top + (height - top - bottom) * (1 - (v - lo) / (hi - lo));
  const band = data.map((d) => `${x(d.t)},${y(d.max)}`).concat([...data].reverse().map((d) => `${x(d.t)},${y(d.min)}`)).join(" ");
  const line = data.map((d, i) => `${i ? "L" : "M"}${x(d.t)} ${y(d.mean)}`).join("");
  const vticks = [0, 0.5, 1].map((f) => lo + (hi - lo) * f);
  const tticks = [0, 0.5, 1].map((f) => t0 + (t1 - t0) * f);
  return sv("svg", { class: "chart telemetry-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `${device} ${channel}` },
    vticks.map((v) => [sv("line", { class: "grid", x1: left, x2: width - right, y1: y(v), y2: y(v) }),
      sv("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end" }, v.toFixed(2))]),
    tticks.map((t, i) => sv("text", { x: x(t), y: height - 10, "text-anchor": ["start", "middle", "end"][i] }, time(new Date(t).toISOString()))),
    sv("polygon", { class: "band", points: band }),
    sv("path", { class: "line", d: line }),
    sv("line", { class: "axis", x1: left, x2: left, y1: top, y2: height - bottom }),
    sv("line", { class: "axis", x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
}

const toLocalInput = (iso) => (iso ? iso.replace(/Z$/, "").slice(0, 16) : "");
const fromLocalInput = (v) => (v ? v + ":00Z" : "");

async function telemetryView(r) {
  const p = r.params;
  const device = p.get("device") || "", channels = p.get("channel") || "", from = p.get("from") || "", to = p.get("to") || "";
  const devices = await api("/api/fleet" + query({ limit: 500, q: device.length >= 2 ? device : "" }));
  const form = el("form", { id: "telemetry-form", class: "filters", onsubmit: (e) => {
    e.preventDefault();
    const f = e.target;
    go("telemetry", null, { device: f.device.value.trim(), channel: f.channel.value.trim(), from: fromLocalInput(f.from.value), to: fromLocalInput(f.to.value) });
    draw(true);
  } },
    el("label", {}, "device ", el("input", { name: "device", list: "device-list", value: device, required: true })),
    el("datalist", { id: "device-list" }, devices.items.map((n) => el("option", { value: n.id }))),
    el("label", {}, "channels ", el("input", { name: "channel", list: "channel-list", value: channels, required: true, placeholder: "temp, hum" })),
    el("datalist", { id: "channel-list" }, ["temp", "hum", "press", "humidity", "pressure"].map((c) => el("option", { value: c }))),
    el("label", {}, "from (UTC) ", el("input", { name: "from", type: "datetime-local", value: toLocalInput(from) })),
    el("label", {}, "to (UTC) ", el("input", { name: "to", type: "datetime-local", value: toLocalInput(to) })),
    el("button", { type: "submit" }, "Show"));
  const charts = [];
  if (device && channels) {
    for (const channel of channels.split(",").map((c) => c.trim()).filter(Boolean)) {
      let block;
      try {
        const page = await api("/api/telemetry" + query({ device, channel, from, to, limit: 10000 }));
        const items = page.points || [];
        block = items.length
          ? [telemetryChart(device, channel, items), el("p", { class: "muted telemetry-summary", "data-channel": channel },
            `${num(items.length)} windows, ${num(items.reduce((a, i) => a + i.count, 0))} readings, ${time(items[0].time)} – ${time(items[items.length - 1].time)}, unit ${items[0].unit}` +
            (page.next ? "; more after this range's first 10,000 windows" : ""))]
          : el("p", { class: "muted" }, "no readings in this range");
      } catch (e) {
        block = el("p", { class: "failed" }, e.message);
      }
      charts.push(el("section", { class: "telemetry", "data-channel": channel }, el("h2", {}, device, " · ", channel), block));
    }
  }
  return el("div", { id: "telemetry" }, el("h2", {}, "Telemetry"), form,
    charts.length ? charts : el("p", { class: "muted" }, "Choose a device and one or more channels (comma-separated)."),
    await qualitySection(p, device, channels));
}

// Data quality per device as the latest closed epoch's close judged it (GET /api/epochs/{id}/quality), paged by device id.
async function qualitySection(p, device, channels) {
  const epochs = await api("/api/epochs" + query({ limit: 1 }));
  if (!epochs.items.length) {
    return el("section", { id: "quality" }, el("h2", {}, "Data quality"), el("p", { class: "muted" }, "No epoch is closed yet: data quality is judged when an epoch closes."));
  }
  const epoch = epochs.items[0].id;
  const after = p.get("qafter") || "";
  const page = await api(`/api/epochs/${encodeURIComponent(epoch)}/quality` + query({ after, limit: 50 }));
  const rows = page.devices.map((d) => el("tr", { "data-quality": d.deviceId, class: d.deviceId === device ? "selected" : null },
    td(el("a", { href: "#", onclick: (e) => { e.preventDefault(); go("telemetry", null, { device: d.deviceId, channel: channels || "temp" }); draw(true); } }, d.deviceId)),
    td(d.owner), td(frac(d.score, 3), true), td(num(d.qualifiedReadings), true), td(num(d.submittedReadings), true),
    td(d.failedChecks.length ? d.failedChecks.join(", ") : el("span", { class: "muted" }, "none")), td(d.approved ? "yes" : "no")));
  return el("section", { id: "quality" },
    el("h2", {}, `Data quality, epoch ${epoch}`),
    el("p", { class: "muted" }, "Each device's readings in the epoch, checked at its close for range, stuck values, jumps, gaps and disagreement with neighbours; the score is the share that qualified for data rewards."),
    rows.length ? table("quality", ["device", "owner", "score#", "qualified#", "readings#", "failed checks", "approved"], rows) : el("p", { class: "muted" }, "No device sent telemetry in this epoch."),
    el("div", { class: "pager" },
      el("button", { type: "button", disabled: !after, onclick: () => { go("telemetry", null, { device, channel: channels, from: p.get("from") || "", to: p.get("to") || "" }); draw(true); } }, "‹ first"),
      el("button", { type: "button", disabled: !page.next, onclick: () => { go("telemetry", null, { device, channel: channels, from: p.get("from") || "", to: p.get("to") || "", qafter: page.next }); draw(true); } }, "next ›")));
}

// ---- ledger ----------------------------------------------------------------------------------------------------------

async function ledgerView() {
  const page = await api("/api/epochs" + query({ limit: 50 }));
  const head = page.items[0];
  const owner = state.session.kind === "owner" ? state.session.owner : null;
  const account = owner ? await api("/api/accounts/" + encodeURIComponent(owner)) : null;
  const accounts = state.session.kind === "operator" ? await api("/api/accounts" + query({ limit: 1000 })) : null;
  let audit = null;
  try {
    audit = await api("/api/ledger/audit");
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  return el("div", { id: "ledger" },
    el("h2", {}, "Chain head"),
    head ? el("p", { id: "chain-head" }, `as of epoch ${head.id}: entry #${head.chainHead.sequence} `, el("code", {}, head.chainHead.hash))
      : el("p", { class: "muted" }, "No epoch has closed yet."),
    el("h2", {}, "Last audit"),
    audit ? el("p", { id: "audit", class: audit.valid ? null : "failed" },
      audit.valid ? `passed at ${time(audit.at)}: ${num(audit.entriesChecked)} entries and ${num(audit.statementsChecked)} statements checked in ${num(audit.durationMs)} ms`
        : `FAILED at ${time(audit.at)} (${audit.reason}): ${audit.detail}`,
      el("span", { class: "muted" }, ` · the coordinator audits its ledger at start and every ${num(Math.round(audit.intervalSeconds / 60))} min`))
      : el("p", { id: "audit", class: "muted" }, "No audit has finished yet; the coordinator runs one at start."),
    account ? [el("h2", {}, "My account"), el("p", { id: "balance" }, `${account.owner}: balance ${num(account.balance)} micro-units at ${time(account.time)}`)] : null,
    accounts ? [el("h2", {}, "Owners' balances"),
      table("balances", ["owner", "account", "balance#"], accounts.items.map((a) => el("tr", { "data-owner": a.owner }, td(a.owner), td(el("code", {}, a.account)), td(num(a.balance), true)))),
      el("p", { class: "muted" }, accounts.next ? `the first ${num(accounts.items.length)} of ${num(accounts.total)} owners` : `${num(accounts.total)} owners; micro-units, read at ${time(accounts.items[0]?.time)}`)] : null,
    el("h2", {}, "Statement roots"),
    table("roots", ["epoch", "end", "paid#", "merkle root", "chain head", owner ? "proof" : ""], page.items.map((e) => el("tr", { "data-epoch": e.id },
      td(link("epoch/" + e.id, String(e.id))), td(time(e.end)), td(num(e.totalPaid), true), td(el("code", {}, e.merkleRoot)),
      td(el("code", {}, `#${e.chainHead.sequence}`)), td(owner ? proofButton(e.id, owner) : "")))),
    owner || accounts ? null : el("p", { class: "muted" }, "Sign in with an owner's token to see the balance and download inclusion proofs."));
}

// ---- sign-in and start -----------------------------------------------------------------------------------------------

async function refreshSession() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  state.session = token ? await api("/api/session") : { kind: "anonymous", owner: null };
  const who = document.getElementById("who");
  who.textContent = state.session.kind === "owner" ? "signed in as owner " + state.session.owner
    : state.session.kind === "operator" ? "signed in as the operator"
    : state.session.kind === "unrecognised" ? "token not recognised: public view" : "public view";
  document.getElementById("signout-button").hidden = !token;
  document.getElementById("signin-button").hidden = !!token;
  document.getElementById("token").hidden = !!token;
}

function start() {
  document.getElementById("signin").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = document.getElementById("token");
    if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = "";
    await refreshSession().catch((err) => showError(err.message));
    draw(true);
  });
  document.getElementById("signout-button").addEventListener("click", async () => {
    sessionStorage.removeItem(TOKEN_KEY);
    await refreshSession();
    draw(true);
  });
  window.addEventListener("hashchange", () => draw(true));
  refreshSession().catch((err) => showError(err.message)).finally(() => draw(true));
  setInterval(() => draw(false), POLL_MS);
}

start();
