"use strict";
const D = JSON.parse(document.getElementById("fleet-data").textContent);
const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
function bars(target, counts, label) {
  const keys = Object.keys(counts).sort((a, b) => (a === "unknown") - (b === "unknown") || a - b);
  const max = Math.max(1, ...keys.map((k) => counts[k]));
  const s = svg("svg", {width: 40 + 50 * keys.length, height: 140, role: "img", "aria-label": label});
  keys.forEach((k, i) => {
    const h = Math.round(100 * counts[k] / max);
    const bar = svg("rect", {x: 30 + 50 * i, y: 110 - h, width: 36, height: h, fill: "#0969da", "data-key": k, "data-count": counts[k]});
    const t1 = svg("text", {x: 30 + 50 * i, y: 125}); t1.textContent = k;
    const t2 = svg("text", {x: 30 + 50 * i, y: 105 - h}); t2.textContent = counts[k];
    s.append(bar, t1, t2);
  });
  target.append(s);
}
const rows = D.repositories.map((r) => {
  const s = r.status || {};
  const f = s.findings || {}, d = s.drift || {}, t = s.template || {};
  return {name: r.name, team: s.team || "", state: r.state, reason: r.reason || "",
    level: s.level ?? "", version: t.commit || "", behind: t.behind ?? "",
    findings: f.total ?? "", drifted: d.customised === undefined ? "" : d.customised + d.deleted + d.conflicted,
    coverage: s.owners ? Math.round(100 * s.owners.coverage) : "", row: r};
});
const COLUMNS = [["name", "repository"], ["team", "team"], ["state", "state"], ["level", "level"],
  ["version", "template"], ["behind", "releases behind"], ["findings", "findings"],
  ["drifted", "drifted files"], ["coverage", "owned %"], ["reason", "reason"]];
let sortKey = "name", sortDir = 1;
function drawTable() {
  const text = $("filter").value.toLowerCase(), team = $("team").value;
  const shown = rows.filter((r) => (!team || r.team === team) &&
    (!text || [r.name, r.team, r.state, r.reason, r.version].join(" ").toLowerCase().includes(text)));
  shown.sort((a, b) => {
    const x = a[sortKey], y = b[sortKey];
    const c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
    return c * sortDir || a.name.localeCompare(b.name);
  });
  const body = $("repo-rows");
  body.replaceChildren(...shown.map((r) => el("tr", {"data-name": r.name},
    ...COLUMNS.map(([k]) => k === "name" ? el("td", {}, el("a", {href: "#repo/" + encodeURIComponent(r.name)}, r.name))
      : el("td", {class: k === "state" ? (r.state === "ok" ? "ok" : "bad") : ""}, r[k])))));
  $("shown").textContent = shown.length + " of " + rows.length + " repositories";
}
function drawHead() {
  $("repo-head").append(el("tr", {}, ...COLUMNS.map(([k, label]) => {
    const b = el("button", {type: "button", "data-key": k}, label);
    b.addEventListener("click", () => { sortDir = sortKey === k ? -sortDir : 1; sortKey = k; drawTable(); });
    return el("th", {}, b);
  })));
  const teams = [...new Set(rows.map((r) => r.team).filter(Boolean))].sort();
  $("team").append(...teams.map((t) => el("option", {value: t}, t)));
  $("filter").addEventListener("input", drawTable);
  $("team").addEventListener("change", drawTable);
}
function drawHeatmap() {
  const teams = D.rollups.findings_by_team;
  const families = [...new Set(Object.values(teams).flatMap((f) => Object.keys(f)))].sort();
  const max = Math.max(1, ...Object.values(teams).flatMap((f) => Object.values(f)));
  const t = el("table", {class: "heat"}, el("tr", {}, el("th", {}, "team"), ...families.map((f) => el("th", {}, f))));
  for (const team of Object.keys(teams).sort()) {
    t.append(el("tr", {}, el("th", {}, team), ...families.map((f) => {
      const n = teams[team][f] || 0;
      return el("td", {class: "n", style: `background:rgba(207,34,46,${(0.8 * n / max).toFixed(2)})`}, n);
    })));
  }
  $("heatmap").append(t);
}
function drawDrift() {
  const d = D.rollups.drift;
  $("drift").append(el("p", {}, Object.entries(d).map(([k, v]) => `${k}: ${v}`).join(" · ")));
  const drifted = rows.filter((r) => r.drifted).sort((a, b) => b.drifted - a.drifted).slice(0, 20);
  $("drift").append(el("table", {}, el("tr", {}, el("th", {}, "repository"), el("th", {}, "customised"), el("th", {}, "deleted"), el("th", {}, "conflicted")),
    ...drifted.map((r) => { const x = r.row.status.drift; return el("tr", {}, el("td", {}, r.name), el("td", {}, x.customised), el("td", {}, x.deleted), el("td", {}, x.conflicted)); })));
}
function drawWaivers() {
  const w = D.waivers_expiring;
  $("waivers").append(w.length ? el("table", {}, el("tr", {}, ...["repository", "rule", "expires", "days left", "approver"].map((h) => el("th", {}, h))),
    ...w.map((x) => el("tr", {class: "waiver"}, el("td", {}, x.repo), el("td", {}, x.rule), el("td", {}, x.expires), el("td", {}, x.days_left), el("td", {}, x.approver))))
    : el("p", {class: "muted"}, "No waiver expires within 30 days."));
}
function drawCompliance() {
  for (const [framework, sections] of Object.entries(D.compliance).sort()) {
    const t = el("table", {"data-framework": framework}, el("tr", {}, ...["section", "rules", "findings", "repositories"].map((h) => el("th", {}, h))));
    for (const [section, e] of Object.entries(sections).sort()) {
      t.append(el("tr", {}, el("td", {}, section), el("td", {}, e.rules.join(", ")), el("td", {class: e.findings ? "bad" : "ok"}, e.findings), el("td", {}, e.repos.length)));
    }
    $("compliance").append(el("h3", {}, framework), t);
  }
}
function drawCampaigns() {
  for (const c of D.campaigns) {
    const goal = c.level ? `reach level ${c.level}` : `pass ${c.rules.join(", ")}`;
    const box = el("div", {class: "campaign card", "data-name": c.name},
      el("h3", {}, c.name), el("p", {}, `${goal} by ${c.deadline}: ${c.done}/${c.repos_in_scope} done (${Math.round(100 * c.progress)}%)`));
    const pts = c.burndown, max = Math.max(1, ...pts.map((p) => p.total));
    const s = svg("svg", {width: 320, height: 120, class: "burndown", role: "img", "aria-label": "burndown of " + c.name});
    const step = pts.length > 1 ? 280 / (pts.length - 1) : 0;
    const xy = pts.map((p, i) => `${20 + step * i},${100 - Math.round(90 * p.remaining / max)}`);
    s.append(svg("polyline", {points: xy.join(" "), fill: "none", stroke: "#cf222e", "stroke-width": 2, "data-points": pts.length}));
    pts.forEach((p, i) => { const dot = svg("circle", {cx: 20 + step * i, cy: 100 - Math.round(90 * p.remaining / max), r: 3, fill: "#cf222e", "data-remaining": p.remaining}); s.append(dot); });
    box.append(s);
    $("campaigns").append(box);
  }
  if (!D.campaigns.length) $("campaigns").append(el("p", {class: "muted"}, "No campaigns."));
}
function drawRepo(name) {
  const r = rows.find((x) => x.name === name), page = $("repo-page");
  page.replaceChildren(el("p", {}, el("a", {href: "#"}, "← all repositories")));
  if (!r) { page.append(el("p", {}, "No repository named " + name)); return; }
  const s = r.row.status;
  page.append(el("h2", {id: "repo-name"}, r.name), el("p", {}, `state: ${r.state}${r.reason ? " — " + r.reason : ""}`));
  if (!s) return;
  page.append(el("p", {}, `level ${s.level} · template ${s.template.commit || "none"} (latest ${s.template.latest || "?"}, ${s.template.behind ?? "?"} behind) · ${s.findings.total} findings · model card stage ${s.model_card.stage || "?"}`));
  const n = s.next_level;
  page.append(el("h3", {}, n.level === null ? "At the top level" : `What level ${n.level} needs`));
  page.append(el("ul", {id: "next-level"}, ...n.items.map((i) => el("li", {}, `${i.rule} ${i.path}: ${i.message}. Fix: ${i.fix}`))));
  page.append(el("h3", {}, "Findings"), el("ul", {id: "repo-findings"}, ...s.findings.items.map((i) => el("li", {}, `${i.waived_by ? "waived" : i.severity} ${i.rule} ${i.path}${i.line ? ":" + i.line : ""}: ${i.message}`))));
  const files = Object.entries(s.drift.files).filter(([, v]) => v !== "added");
  page.append(el("h3", {}, "Drift from the template"), el("ul", {}, ...files.map(([p, v]) => el("li", {}, `${v}: ${p}`))));
}
function route() {
  const m = location.hash.match(/^#repo\/(.*)$/);
  $("main").hidden = !!m; $("repo-page").hidden = !m;
  if (m) drawRepo(decodeURIComponent(m[1]));
}
$("generated").textContent = `${D.repositories.length} repositories · generated ${D.generated_at} by mlrepo ${D.tool.version}`;
$("states").textContent = Object.entries(D.rollups.states).map(([k, v]) => `${k}: ${v}`).join(" · ");
bars($("levels"), D.rollups.levels, "repositories per maturity level");
bars($("lag"), D.rollups.behind, "repositories per releases behind");
drawHead(); drawTable(); drawHeatmap(); drawDrift(); drawWaivers(); drawCompliance(); drawCampaigns();
window.addEventListener("hashchange", route); route();
document.body.dataset.rendered = performance.now().toFixed(1);
