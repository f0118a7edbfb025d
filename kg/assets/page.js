/* The reform page: reforms and their claimants as a network, a timeline lane per reform,
 * filters that re-fit both, search as you type, and the selected item's history beside them.
 * Every text from the data goes into the DOM through textContent (or a canvas label), never
 * as markup. `vis` is the vis-network build inlined before this script. */
(function () {
  "use strict";
  performance.mark("kg-start");
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg-parsed");

  // ------------------------------------------------------------------ constants
  const COLORS = {
    proposed: "#d99a00",
    planned: "#e2661b",
    implemented: "#2f9e44",
    none: "#6b7a89",
    person: "#8e3ab4",
    organization: "#8a5a3c",
    link: "#5d7fa3",
    revision: "#c0392b",
    target: "#4f5b66"
  };
  const TINTS = {
    proposed: "#fff2c4",
    planned: "#fde1cc",
    implemented: "#d9f0dc",
    none: "#e8edf2",
    person: "#f3e8f9",
    organization: "#f4ebe4"
  };
  const FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\", sans-serif";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const MAX_AGENTS = 30; // claimants drawn in the network at most, those with the most claims first
  const MIN_AGENTS = 8; // and at least, even if their labels get small
  const MAX_REFORMS = 40;
  const REFORM_FONT = 16;
  const AGENT_FONT = 15;
  const READABLE = 12 / AGENT_FONT; // the smallest scale that draws labels at 12 px at least
  const BOX_MARGIN = 7;
  const ROW_GAP = 14;
  const COLUMN_GAP = 100;
  const LANE = 46; // timeline lane height, px
  const LABEL_W = 250;
  const STATUS_DY = { proposed: -13, planned: -3, implemented: 7 };
  const TARGET_DY = 16;
  const DOTS_W = 240; // the block of a selected reform's claims, canvas units
  const DOTS_H = 110;
  const LIST_MAX = 5; // revisions and disagreements listed in a reform's details; the timeline has all

  const reforms = data.reforms || [];
  const agents = data.agents || [];
  const claims = data.claims || [];
  const articles = data.articles || [];
  const revisions = data.revisions || [];
  const disagreements = data.disagreements || [];
  const typeLabel = new Map(data.types || []);
  const statusLabel = new Map(data.statuses || []);
  const claimsOf = reforms.map(() => []);
  claims.forEach((c, i) => {
    if (c.r !== undefined) { claimsOf[c.r].push(i); }
  });
  const revisionsOf = reforms.map(() => []);
  revisions.forEach((rev, i) => {
    if (rev.r !== undefined) { revisionsOf[rev.r].push(i); }
  });

  // ------------------------------------------------------------------ small helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach((k) => { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  const NUMBER = new Intl.NumberFormat("en-US");
  function fmt(n) { return NUMBER.format(n); }
  function plural(n, one, many) { return fmt(n) + " " + (n === 1 ? one : many); }
  function statusText(st) { return statusLabel.get(st) || st || "unknown status"; }
  function statusColor(st) { return COLORS[st] || COLORS.none; }
  function agentName(i) { return i === undefined ? "unknown claimant" : agents[i].l; }
  function claimTime(c) {
    const text = c.d || (c.ar !== undefined ? articles[c.ar][2] : null);
    if (!text) { return null; }
    const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text);
    if (!m) { return null; }
    if (m[3]) { return Date.UTC(+m[1], +m[2] - 1, +m[3]); }
    if (m[2]) { return Date.UTC(+m[1], +m[2] - 1, 15); }
    return Date.UTC(+m[1], 6, 1);
  }
  const times = claims.map(claimTime);
  function valueText(c) {
    if (c.v === undefined) { return ""; }
    const unit = c.m ? " " + c.m : "";
    return (c.fv !== undefined ? fmt(c.fv) + " → " : "") + fmt(c.v) + unit;
  }

  // ------------------------------------------------------------------ filters
  const typeBox = $("kg-f-type");
  const statusBox = $("kg-f-status");
  const claimantSel = $("kg-f-claimant");
  const fromSel = $("kg-f-from");
  const toSel = $("kg-f-to");
  const tFromSel = $("kg-f-tfrom");
  const tToSel = $("kg-f-tto");
  const visible = new Uint8Array(claims.length).fill(1);
  let shownCount = claims.length;

  function option(select, value, text) {
    const o = document.createElement("option");
    o.value = String(value);
    o.textContent = text;
    select.appendChild(o);
  }
  function countBy(key) {
    const m = new Map();
    claims.forEach((c) => { const k = key(c); m.set(k, (m.get(k) || 0) + 1); });
    return m;
  }
  function checkboxes(box, pairs, counts, swatch) {
    pairs.forEach((pair) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = pair[0];
      input.checked = true;
      label.appendChild(input);
      if (swatch) {
        const s = el("span", "kg-swatch");
        s.style.background = statusColor(pair[0]);
        label.appendChild(s);
      }
      label.appendChild(document.createTextNode(" " + pair[1] + " (" + fmt(counts.get(pair[0]) || 0) + ")"));
      label.title = pair[1];
      box.appendChild(label);
    });
  }
  checkboxes(typeBox, data.types || [], countBy((c) => (c.r !== undefined ? reforms[c.r].t : undefined)), false);
  checkboxes(statusBox, data.statuses || [], countBy((c) => c.st), true);
  agents
    .map((a, i) => i)
    .sort((x, y) => agents[y].n - agents[x].n || agents[x].l.localeCompare(agents[y].l))
    .forEach((i) => { option(claimantSel, i, agents[i].l + " (" + fmt(agents[i].n) + ")"); });
  function yearOptions(selects, key) {
    const years = Array.from(new Set(claims.map(key).filter((y) => y !== undefined))).sort((a, b) => a - b);
    years.forEach((y) => { selects.forEach((s) => { option(s, y, String(y)); }); });
  }
  yearOptions([fromSel, toSel], (c) => c.y);
  yearOptions([tFromSel, tToSel], (c) => c.ty);

  function checked(box) {
    const s = new Set();
    box.querySelectorAll("input[type=checkbox]").forEach((c) => { if (c.checked) { s.add(c.value); } });
    return s;
  }
  function num(select) { return select.value === "" ? null : Number(select.value); }
  function computeVisible() {
    const types = checked(typeBox);
    const statuses = checked(statusBox);
    const who = num(claimantSel);
    const from = num(fromSel);
    const to = num(toSel);
    const tFrom = num(tFromSel);
    const tTo = num(tToSel);
    shownCount = 0;
    claims.forEach((c, i) => {
      let ok = (c.r === undefined || types.has(reforms[c.r].t)) && statuses.has(c.st);
      if (ok && who !== null) { ok = c.a === who; }
      if (ok && (from !== null || to !== null)) {
        ok = c.y !== undefined && (from === null || c.y >= from) && (to === null || c.y <= to);
      }
      if (ok && (tFrom !== null || tTo !== null)) {
        ok = c.ty !== undefined && (tFrom === null || c.ty >= tFrom) && (tTo === null || c.ty <= tTo);
      }
      visible[i] = ok ? 1 : 0;
      if (ok) { shownCount += 1; }
    });
  }

  // ------------------------------------------------------------------ tooltip
  const main = $("kg-main");
  const tip = $("kg-tip");
  function showTip(lines, x, y) {
    tip.replaceChildren();
    lines.forEach((line, k) => {
      const d = el("div", k === 0 ? "kg-head" : "", line);
      if (k === 0) { d.style.fontSize = "13px"; }
      tip.appendChild(d);
    });
    tip.style.display = "block";
    const box = main.getBoundingClientRect();
    tip.style.left = Math.max(0, Math.min(x + 14, box.width - tip.offsetWidth - 4)) + "px";
    tip.style.top = Math.max(0, Math.min(y + 14, box.height - tip.offsetHeight - 4)) + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  function claimTipLines(i) {
    const c = claims[i];
    const lines = [statusText(c.st) + " · " + (c.d || "undated") + " · " + agentName(c.a)];
    if (c.r !== undefined) { lines.push(reforms[c.r].l); }
    const extra = [];
    if (c.ty !== undefined) { extra.push("takes effect " + c.ty); }
    if (c.v !== undefined) { extra.push(valueText(c)); }
    if (c.p) { extra.push(c.p === "open" ? "open promise" : "promise fulfilled"); }
    if (extra.length) { lines.push(extra.join(" · ")); }
    lines.push(c.s.length > 220 ? c.s.slice(0, 219) + "…" : c.s);
    return lines;
  }

  // ------------------------------------------------------------------ the network
  const measure = document.createElement("canvas").getContext("2d");
  function textWidth(text, size) {
    measure.font = size + "px " + FONT;
    return measure.measureText(text).width;
  }
  const boxSizes = new Map();
  function boxSize(text, size, max) {
    const key = size + "/" + max + "/" + text;
    if (!boxSizes.has(key)) { boxSizes.set(key, measureBox(text, size, max)); }
    return boxSizes.get(key);
  }
  function measureBox(text, size, max) {
    // Wrap a little narrower than vis-network does, so that the estimate never has fewer lines.
    const inner = max - 2 * BOX_MARGIN - 10;
    const words = text.split(/\s+/);
    let lines = 1;
    let line = "";
    let widest = 0;
    words.forEach((w) => {
      const next = line ? line + " " + w : w;
      if (line && textWidth(next, size) > inner) {
        widest = Math.max(widest, textWidth(line, size));
        lines += 1;
        line = w;
      } else {
        line = next;
      }
    });
    widest = Math.min(inner, Math.max(widest, textWidth(line, size)));
    return { w: widest + 2 * BOX_MARGIN + 2, h: lines * (size + 3) + 2 * BOX_MARGIN + 2 };
  }
  function reformLabel(i, n) { return reforms[i].l + " (" + fmt(n) + ")"; }
  function agentLabel(i, n) { return agents[i].l + " (" + fmt(n) + ")"; }

  const container = $("kg-network");
  const nodes = new vis.DataSet([]);
  const edges = new vis.DataSet([]);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    nodes: {
      shape: "box",
      borderWidth: 1.5,
      borderWidthSelected: 3,
      margin: BOX_MARGIN,
      shapeProperties: { borderRadius: 4 },
      font: { face: FONT, color: "#1d1d1d", size: AGENT_FONT }
    },
    edges: {
      smooth: false,
      selectionWidth: 2,
      hoverWidth: 1.5,
      color: { color: COLORS.link, highlight: "#1f5f99", hover: "#1f5f99", opacity: 0.35 }
    },
    interaction: { hover: true, tooltipDelay: 100, multiselect: false, keyboard: false }
  });
  window.kgNetwork = network;
  performance.mark("kg-network");

  let drawn = { reforms: [], agents: [], agentTotal: 0, reformTotal: 0, positions: new Map() };
  let dotIds = [];
  let networkDirty = true; // the network is laid out when first shown, and again after a filter
  let pairs = new Map(); // "agent:reform" -> claims passing the filters

  function orderReforms(list) {
    const typeOrder = new Map((data.types || []).map((pair, k) => [pair[0], k]));
    return list.sort((x, y) => (typeOrder.get(reforms[x].t) || 0) - (typeOrder.get(reforms[y].t) || 0) ||
      reforms[x].l.localeCompare(reforms[y].l) || x - y);
  }
  function stack(items, sizes, gap) {
    // Vertical centres of boxes stacked top to bottom, centred on 0.
    const total = items.reduce((s, id) => s + sizes.get(id).h, 0) + gap * Math.max(0, items.length - 1);
    let y = -total / 2;
    const out = new Map();
    items.forEach((id) => {
      const h = sizes.get(id).h;
      out.set(id, y + h / 2);
      y += h + gap;
    });
    return { ys: out, height: total };
  }
  function barycentres(ids, ys) {
    // The mean height of each node's neighbours (weighted by claims), so that links cross less.
    const out = new Map();
    ids.forEach((id) => { out.set(id, { sum: 0, weight: 0 }); });
    pairs.forEach((w, key) => {
      const parts = key.split(":");
      const a = "a" + parts[0];
      const r = "r" + parts[1];
      [[a, r], [r, a]].forEach((pair) => {
        if (out.has(pair[0]) && ys.has(pair[1])) {
          out.get(pair[0]).sum += w * ys.get(pair[1]);
          out.get(pair[0]).weight += w;
        }
      });
    });
    const bary = new Map();
    out.forEach((v, id) => { bary.set(id, v.weight ? v.sum / v.weight : 0); });
    return bary;
  }
  function layout(reformList, agentList, rCount, aCount, opt) {
    // Three columns: one group in the middle, the other split left and right (opt.middle, opt.split),
    // so that every link runs from a side column to the middle one and never crosses a label.
    const sizes = new Map();
    reformList.forEach((i) => { sizes.set("r" + i, boxSize(reformLabel(i, rCount.get(i)), REFORM_FONT, opt.box)); });
    agentList.forEach((i) => { sizes.set("a" + i, boxSize(agentLabel(i, aCount.get(i)), AGENT_FONT, opt.box)); });
    const reformIds = orderReforms(reformList.slice()).map((i) => "r" + i);
    const agentIds = agentList.slice().sort((x, y) => aCount.get(y) - aCount.get(x) || x - y).map((i) => "a" + i);
    const reformsInMiddle = opt.middle === "reforms";
    let middle = reformsInMiddle ? reformIds : agentIds;
    const outer = reformsInMiddle ? agentIds : reformIds;
    let left = [];
    let right = outer;
    const split = opt.split && outer.length > 1;
    if (reformsInMiddle) {
      const ys = stack(middle, sizes, ROW_GAP).ys;
      const bary = barycentres(outer, ys);
      const sorted = outer.slice().sort((x, y) => bary.get(x) - bary.get(y) || x.localeCompare(y));
      left = split ? sorted.filter((id, k) => k % 2 === 0) : [];
      right = split ? sorted.filter((id, k) => k % 2 === 1) : sorted;
    } else {
      if (split) {
        // Split at a change of reform type near the middle, so a type stays in one column.
        const total = outer.reduce((sum, id) => sum + sizes.get(id).h + ROW_GAP, 0);
        let acc = 0;
        let cut = 0;
        let best = Infinity;
        outer.forEach((id, k) => {
          acc += sizes.get(id).h + ROW_GAP;
          const boundary = k + 1 < outer.length && reforms[+id.slice(1)].t !== reforms[+outer[k + 1].slice(1)].t;
          const score = Math.abs(acc - total / 2) - (boundary ? 60 : 0);
          if (score < best) { best = score; cut = k + 1; }
        });
        left = outer.slice(0, cut);
        right = outer.slice(cut);
      }
      const ys = new Map();
      [left, right].forEach((ids) => { stack(ids, sizes, ROW_GAP).ys.forEach((y, id) => { ys.set(id, y); }); });
      const bary = barycentres(middle, ys);
      middle = middle.slice().sort((x, y) => bary.get(x) - bary.get(y) || x.localeCompare(y));
    }
    // Spread the shorter columns to the height of the tallest, so that links fan out evenly.
    const tallest = Math.max(...[left, middle, right].map((ids) => stack(ids, sizes, ROW_GAP).height));
    function spread(ids) {
      if (ids.length < 2) { return stack(ids, sizes, ROW_GAP).ys; }
      const own = ids.reduce((sum, id) => sum + sizes.get(id).h, 0);
      const gap = Math.min(ROW_GAP * 4, Math.max(ROW_GAP, (tallest - own) / (ids.length - 1)));
      return stack(ids, sizes, gap).ys;
    }
    const widest = (ids) => ids.reduce((m, id) => Math.max(m, sizes.get(id).w), 0);
    const midW = widest(middle);
    const pos = new Map();
    spread(middle).forEach((y, id) => { pos.set(id, { x: 0, y: y, side: 0 }); });
    const rightX = midW / 2 + (right.length ? COLUMN_GAP : 0);
    spread(right).forEach((y, id) => { pos.set(id, { x: rightX + sizes.get(id).w / 2, y: y, side: 1 }); });
    const leftX = -midW / 2 - (left.length ? COLUMN_GAP : 0);
    spread(left).forEach((y, id) => { pos.set(id, { x: leftX - sizes.get(id).w / 2, y: y, side: -1 }); });
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    pos.forEach((p, id) => {
      p.w = sizes.get(id).w;
      p.h = sizes.get(id).h;
      minX = Math.min(minX, p.x - p.w / 2);
      maxX = Math.max(maxX, p.x + p.w / 2);
      minY = Math.min(minY, p.y - p.h / 2);
      maxY = Math.max(maxY, p.y + p.h / 2);
    });
    const cw = container.clientWidth || 800;
    const ch = container.clientHeight || 600;
    // vis-network's fit leaves a tenth of the range as margin.
    const scale = pos.size ? Math.min(cw / ((maxX - minX) * 1.15), ch / ((maxY - minY) * 1.15)) : 1;
    return { pos: pos, scale: scale, box: opt.box };
  }
  function bestLayout(reformList, agentList, rCount, aCount, capAgents) {
    // The arrangement that fits the canvas at the largest scale; then as many claimants (most claims
    // first) as still leave the labels readable, never fewer than MIN_AGENTS.
    const options = [];
    ["reforms", "agents"].forEach((middle) => {
      [false, true].forEach((split) => {
        [180, 230, 330].forEach((box) => { options.push({ middle: middle, split: split, box: box }); });
      });
    });
    const best = (agentsShown) => options.map((opt) => layout(reformList, agentsShown, rCount, aCount, opt))
      .reduce((a, b) => (b.scale > a.scale + 1e-9 ? b : a));
    const most = capAgents ? Math.min(agentList.length, MAX_AGENTS) : agentList.length;
    let n = most;
    let chosen = best(agentList.slice(0, n));
    if (capAgents && chosen.scale < READABLE && most > MIN_AGENTS) {
      // The largest number that is still readable (the scale falls as claimants are added).
      let lo = MIN_AGENTS;
      let hi = most - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (best(agentList.slice(0, mid)).scale >= READABLE) { lo = mid; } else { hi = mid - 1; }
      }
      n = lo;
      chosen = best(agentList.slice(0, n));
    }
    chosen.agents = agentList.slice(0, n);
    return chosen;
  }

  function reformNode(i, n, p, box) {
    const st = reforms[i].st || "none";
    return {
      id: "r" + i,
      widthConstraint: { maximum: box },
      label: reformLabel(i, n),
      x: p.x,
      y: p.y,
      font: { size: REFORM_FONT, face: FONT, color: "#1d1d1d" },
      color: {
        background: TINTS[st] || TINTS.none,
        border: statusColor(st),
        highlight: { background: TINTS[st] || TINTS.none, border: "#111" },
        hover: { background: TINTS[st] || TINTS.none, border: "#111" }
      }
    };
  }
  function agentNode(i, n, p, box) {
    const kind = agents[i].k === "organization" ? "organization" : "person";
    return {
      id: "a" + i,
      widthConstraint: { maximum: box },
      label: agentLabel(i, n),
      x: p.x,
      y: p.y,
      shapeProperties: { borderRadius: kind === "person" ? 12 : 2 },
      color: {
        background: TINTS[kind],
        border: COLORS[kind],
        highlight: { background: TINTS[kind], border: "#111" },
        hover: { background: TINTS[kind], border: "#111" }
      }
    };
  }

  function buildNetwork(refit) {
    const rCount = new Map();
    const aCount = new Map();
    const pairCounts = new Map();
    claims.forEach((c, i) => {
      if (!visible[i] || c.r === undefined) { return; }
      rCount.set(c.r, (rCount.get(c.r) || 0) + 1);
      if (c.a !== undefined) {
        aCount.set(c.a, (aCount.get(c.a) || 0) + 1);
        const key = c.a + ":" + c.r;
        pairCounts.set(key, (pairCounts.get(key) || 0) + 1);
      }
    });
    const full = data.view === "full";
    const byCount = (m) => Array.from(m.keys()).sort((x, y) => m.get(y) - m.get(x) || x - y);
    let reformList = byCount(rCount);
    let agentList = byCount(aCount);
    const reformTotal = reformList.length;
    const agentTotal = agentList.length;
    if (!full) { reformList = reformList.slice(0, MAX_REFORMS); }
    pairs = pairCounts;
    performance.mark("kg-layout-start");
    const chosen = bestLayout(reformList, agentList, rCount, aCount, !full);
    performance.mark("kg-layout-end");
    const pos = chosen.pos;
    agentList = chosen.agents;
    const items = [];
    reformList.forEach((i) => { items.push(reformNode(i, rCount.get(i), pos.get("r" + i), chosen.box)); });
    agentList.forEach((i) => { items.push(agentNode(i, aCount.get(i), pos.get("a" + i), chosen.box)); });
    const shownAgents = new Set(agentList);
    const shownReforms = new Set(reformList);
    const maxW = Math.max(1, ...pairs.values());
    const links = [];
    pairs.forEach((w, key) => {
      const parts = key.split(":").map(Number);
      if (shownAgents.has(parts[0]) && shownReforms.has(parts[1])) {
        links.push({
          id: "e" + key,
          from: "a" + parts[0],
          to: "r" + parts[1],
          width: 1 + 5 * Math.sqrt(w / maxW),
          n: w
        });
      }
    });
    drawn = {
      reforms: reformList, agents: agentList, agentTotal: agentTotal, reformTotal: reformTotal, positions: pos
    };
    networkDirty = false;
    dotIds = [];
    nodes.clear();
    edges.clear();
    nodes.add(items);
    edges.add(links);
    showDots();
    if (refit) { fitNetwork(); }
  }

  function dotsFor(r) {
    const p = drawn.positions.get("r" + r);
    if (!p) { return []; }
    const list = claimsOf[r].filter((i) => visible[i]);
    // A block of at most DOTS_W x DOTS_H canvas units (in the full view, one row of boxes high), read
    // column by column in date order; dots shrink when a reform has many claims.
    const maxH = data.view === "full" ? Math.max(8, p.h + ROW_GAP - 6) : DOTS_H;
    const step = Math.max(2, Math.min(10, Math.sqrt(DOTS_W * maxH / Math.max(1, list.length))));
    const rows = Math.max(1, Math.min(list.length, Math.floor(maxH / step) + 1));
    const size = Math.max(1, Math.min(4, step * 0.42));
    const side = p.side === -1 ? -1 : 1;
    const x0 = p.x + side * (p.w / 2 + 8 + step);
    return list.map((i, k) => {
      const c = claims[i];
      const col = Math.floor(k / rows);
      const row = k % rows;
      const open = c.p === "open";
      const color = statusColor(c.st);
      return {
        id: "c" + i,
        shape: "dot",
        size: size,
        borderWidth: open ? Math.max(1, size / 2) : 1,
        x: x0 + side * col * step,
        y: p.y + (row - (rows - 1) / 2) * step,
        color: {
          background: open ? "#fff" : color,
          border: color,
          highlight: { background: open ? "#fff" : color, border: "#000" },
          hover: { background: open ? "#fff" : color, border: "#000" }
        }
      };
    });
  }
  function expandedReforms() {
    if (data.view === "full") { return drawn.reforms; }
    const s = selected;
    if (s && s.kind === "reform") { return [s.i]; }
    if (s && s.kind === "claim" && claims[s.i].r !== undefined) { return [claims[s.i].r]; }
    return [];
  }
  function showDots() {
    if (dotIds.length) { nodes.remove(dotIds); }
    const add = [];
    expandedReforms().forEach((r) => { add.push(...dotsFor(r)); });
    dotIds = add.map((d) => d.id);
    if (add.length) { nodes.add(add); }
  }
  function fitNetwork() {
    if (activeView !== "network") { return; }
    const ids = nodes.getIds().filter((id) => data.view === "full" || id[0] !== "c");
    if (ids.length) { network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.3 }); }
  }
  function keepDotsInView() {
    // A selected reform's claims are drawn beside it; zoom out just enough if they fall off the canvas.
    if (activeView !== "network" || !dotIds.length) { return; }
    const w = container.clientWidth;
    const h = container.clientHeight;
    const positions = network.getPositions(dotIds);
    const off = dotIds.some((id) => {
      const p = network.canvasToDOM(positions[id]);
      return p.x < 6 || p.y < 6 || p.x > w - 6 || p.y > h - 6;
    });
    if (off) {
      network.fit({ nodes: nodes.getIds(), animation: false, maxZoomLevel: network.getScale() });
    }
  }

  function nodeTarget(id) {
    const kind = { r: "reform", a: "agent", c: "claim" }[id[0]];
    return kind ? { kind: kind, i: Number(id.slice(1)) } : null;
  }
  network.on("click", (p) => {
    hideTip();
    if (p.nodes.length) {
      const t = nodeTarget(String(p.nodes[0]));
      if (t) { select(t.kind, t.i, { from: "network" }); }
    } else if (!p.edges.length) {
      select(null);
    }
  });
  network.on("hoverNode", (p) => {
    const t = nodeTarget(String(p.node));
    if (!t) { return; }
    let lines;
    if (t.kind === "claim") {
      lines = claimTipLines(t.i);
    } else if (t.kind === "reform") {
      const r = reforms[t.i];
      lines = [r.l, typeLabel.get(r.t) || r.t, "latest status: " + statusText(r.st), plural(r.n, "claim", "claims")];
    } else {
      const a = agents[t.i];
      lines = [a.l, a.k === "organization" ? "organization" : "person", plural(a.n, "claim", "claims")];
    }
    showTip(lines, p.pointer.DOM.x, p.pointer.DOM.y);
  });
  network.on("hoverEdge", (p) => {
    const e = edges.get(p.edge);
    if (!e) { return; }
    const a = nodeTarget(e.from);
    const r = nodeTarget(e.to);
    showTip([agents[a.i].l + " → " + reforms[r.i].l, plural(e.n, "claim", "claims") + " (passing the filters)"],
      p.pointer.DOM.x, p.pointer.DOM.y);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ------------------------------------------------------------------ the timeline
  const axisBox = $("kg-axis");
  const lanesBox = $("kg-lanes");
  let timelineDirty = true;
  let timeline = { lanes: [], x: null };

  function truncate(text, size, max) {
    if (textWidth(text, size) <= max) { return text; }
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (textWidth(text.slice(0, mid) + "…", size) <= max) { lo = mid; } else { hi = mid - 1; }
    }
    return text.slice(0, lo).trimEnd() + "…";
  }
  function buildTimeline() {
    timelineDirty = false;
    const width = Math.max(420, lanesBox.clientWidth || main.clientWidth);
    const perLane = new Map();
    claims.forEach((c, i) => {
      if (!visible[i] || c.r === undefined || times[i] === null) { return; }
      if (!perLane.has(c.r)) { perLane.set(c.r, []); }
      perLane.get(c.r).push(i);
    });
    const lanes = Array.from(perLane.keys()).sort((x, y) => {
      const tx = Math.min(...perLane.get(x).map((i) => times[i]));
      const ty = Math.min(...perLane.get(y).map((i) => times[i]));
      return tx - ty || reforms[x].l.localeCompare(reforms[y].l) || x - y;
    });
    let lo = Infinity;
    let hi = -Infinity;
    const targets = new Map();
    lanes.forEach((r) => {
      const years = new Set();
      perLane.get(r).forEach((i) => {
        lo = Math.min(lo, times[i]);
        hi = Math.max(hi, times[i]);
        const c = claims[i];
        if (c.ty !== undefined && c.st !== "implemented") { years.add(c.ty); }
      });
      targets.set(r, Array.from(years).sort((a, b) => a - b));
      years.forEach((y) => { lo = Math.min(lo, Date.UTC(y, 6, 1)); hi = Math.max(hi, Date.UTC(y, 6, 1)); });
    });
    if (!lanes.length) { lo = Date.UTC(2020, 0, 1); hi = Date.UTC(2021, 0, 1); }
    const year = 365.25 * 864e5;
    if (hi - lo < year) { const mid = (hi + lo) / 2; lo = mid - year / 2; hi = mid + year / 2; }
    const pad = (hi - lo) * 0.03;
    lo -= pad;
    hi += pad;
    const x0 = LABEL_W + 12;
    const x1 = width - 18;
    const x = (t) => x0 + (t - lo) / (hi - lo) * (x1 - x0);
    timeline = { lanes: lanes, x: x };

    // The axis: one tick a year, named for what it measures.
    const axis = svg("svg", { width: width, height: 40, role: "img", "aria-label": "Claim date axis" });
    axis.appendChild(svg("text", { x: 10, y: 16, "font-size": 12, "font-weight": 600, fill: "#333" },
      "Claim date: when the claim was made"));
    axis.appendChild(svg("text", { x: 10, y: 32, "font-size": 11, fill: "#555" },
      "◇ year the reform takes effect"));
    const first = new Date(lo).getUTCFullYear();
    const last = new Date(hi).getUTCFullYear() + 1;
    const ticks = [];
    for (let y = first; y <= last; y += 1) {
      const t = Date.UTC(y, 0, 1);
      if (t >= lo && t <= hi) { ticks.push(t); }
      const mid = Date.UTC(y, 6, 1);
      if (mid >= lo && mid <= hi) {
        axis.appendChild(svg("text", { x: x(mid), y: 24, "font-size": 12, "text-anchor": "middle", fill: "#222" },
          String(y)));
      }
    }
    ticks.forEach((t) => {
      axis.appendChild(svg("line", { x1: x(t), x2: x(t), y1: 8, y2: 40, stroke: "#9aa5b1" }));
    });
    axisBox.replaceChildren(axis);

    const height = lanes.length * LANE + 6;
    const root = svg("svg", { width: width, height: height, id: "kg-timeline-svg" });
    const grid = svg("g", { class: "kg-grid" });
    ticks.forEach((t) => {
      grid.appendChild(svg("line", { x1: x(t), x2: x(t), y1: 0, y2: height, stroke: "#e3e8ed" }));
    });
    root.appendChild(grid);
    lanes.forEach((r, k) => {
      const top = k * LANE;
      const mid = top + LANE / 2;
      const lane = svg("g", { class: "kg-lane" });
      lane.dataset.reform = String(r);
      const bg = svg("rect", {
        x: 0, y: top, width: width, height: LANE, class: "kg-lane-bg", fill: k % 2 ? "#f7f9fb" : "#ffffff"
      });
      bg.dataset.reform = String(r); // a click on the lane selects its reform
      lane.appendChild(bg);
      const bar = { x: 0, y: top + 6, width: 4, height: LANE - 12, fill: statusColor(reforms[r].st) };
      lane.appendChild(svg("rect", bar)); // the status of the reform's latest claim
      const n = perLane.get(r).length;
      const count = " " + fmt(n);
      const name = truncate(reforms[r].l, 12, LABEL_W - 16 - textWidth(count, 11));
      const label = svg("text", { x: 10, y: mid + 4, "font-size": 12, fill: "#1d1d1d", class: "kg-lane-label" }, name);
      label.dataset.reform = String(r);
      label.appendChild(svg("title", {}, reforms[r].l + " — " + plural(n, "claim", "claims") + " on the timeline"));
      lane.appendChild(label);
      lane.appendChild(svg("text", { x: LABEL_W, y: mid + 4, "font-size": 11, fill: "#777", "text-anchor": "end" },
        count.trim()));
      lane.appendChild(svg("line", { x1: x0, x2: x1, y1: mid + TARGET_DY, y2: mid + TARGET_DY, stroke: "#d5dbe1" }));
      targets.get(r).forEach((y) => {
        const tx = x(Date.UTC(y, 6, 1));
        const ty = mid + TARGET_DY;
        const d = svg("path", {
          d: "M" + tx + " " + (ty - 4.5) + "L" + (tx + 4.5) + " " + ty + "L" + tx + " " + (ty + 4.5) + "L" +
            (tx - 4.5) + " " + ty + "Z",
          fill: "#fff", stroke: COLORS.target, "stroke-width": 1.3, class: "kg-target"
        });
        d.appendChild(svg("title", {}, "Takes effect in " + y + " (the year claims give for the reform)"));
        lane.appendChild(d);
      });
      const radius = n > 120 ? 3 : 4.5;
      perLane.get(r).forEach((i) => {
        const c = claims[i];
        const open = c.p === "open";
        const color = statusColor(c.st);
        const m = svg("circle", {
          cx: x(times[i]).toFixed(1),
          cy: mid + (STATUS_DY[c.st] || 0),
          r: radius,
          fill: open ? "#fff" : color,
          stroke: color,
          "stroke-width": open ? 1.8 : 0.8,
          class: "kg-mark kg-" + (c.st || "none") + (open ? " kg-open" : "")
        });
        m.dataset.claim = String(i);
        lane.appendChild(m);
      });
      root.appendChild(lane);
    });
    // Revisions: an arc from the claim that gave the old target to the one that gave the new.
    const laneOf = new Map(lanes.map((r, k) => [r, k]));
    const arcs = svg("g", { class: "kg-revisions" });
    const shown = revisions.filter((rev) => visible[rev.e] && visible[rev.l] && laneOf.has(rev.r) &&
      times[rev.e] !== null && times[rev.l] !== null);
    const perRevLane = new Map();
    const labelRight = new Map();
    shown.sort((a, b) => times[a.l] - times[b.l]);
    shown.forEach((rev) => { perRevLane.set(rev.r, (perRevLane.get(rev.r) || 0) + 1); });
    shown.forEach((rev) => {
      const top = laneOf.get(rev.r) * LANE;
      const ax = x(times[rev.e]);
      const bx = x(times[rev.l]);
      const ay = top + LANE / 2 + (STATUS_DY[claims[rev.e].st] || 0);
      const by = top + LANE / 2 + (STATUS_DY[claims[rev.l].st] || 0);
      const cy = top + 1;
      const path = svg("path", {
        d: "M" + ax.toFixed(1) + " " + ay + "Q" + ((ax + bx) / 2).toFixed(1) + " " + cy + " " +
          bx.toFixed(1) + " " + by,
        fill: "none", stroke: COLORS.revision, "stroke-width": 1.8, "stroke-dasharray": "4 2", class: "kg-revision"
      });
      path.appendChild(svg("title", {}, "Revised " + rev.w + ": " + rev.o + " → " + rev.n));
      arcs.appendChild(path);
      const text = rev.o + " → " + rev.n;
      const right = labelRight.get(rev.r) || -Infinity;
      if (perRevLane.get(rev.r) <= 3 && bx + 6 > right + 4) {
        // Few revisions in the lane: name the change beside the later claim, where there is room.
        arcs.appendChild(svg("text", {
          x: (bx + 6).toFixed(1), y: top + 10, "font-size": 10, fill: COLORS.revision, class: "kg-revision-label"
        }, text));
        labelRight.set(rev.r, bx + 6 + textWidth(text, 10));
      }
    });
    root.appendChild(arcs);
    root.appendChild(svg("g", { id: "kg-timeline-sel" }));
    lanesBox.replaceChildren(root);
    markTimelineSelection();
  }
  function markTimelineSelection() {
    const layer = document.getElementById("kg-timeline-sel");
    if (!layer || !timeline.x) { return; }
    layer.replaceChildren();
    const s = selected;
    const laneOf = new Map(timeline.lanes.map((r, k) => [r, k]));
    const ring = (i, color) => {
      const c = claims[i];
      if (!laneOf.has(c.r) || times[i] === null || !visible[i]) { return null; }
      const e = svg("circle", {
        cx: timeline.x(times[i]).toFixed(1), cy: laneOf.get(c.r) * LANE + LANE / 2 + (STATUS_DY[c.st] || 0),
        r: 7.5, fill: "none", stroke: color, "stroke-width": 2, "pointer-events": "none"
      });
      layer.appendChild(e);
      return e;
    };
    let lane = null;
    if (s && s.kind === "reform") { lane = s.i; }
    if (s && s.kind === "claim") {
      lane = claims[s.i].r;
      const a = ring(s.i, "#111");
      const by = claims[s.i].pb;
      if (by !== undefined) {
        const b = ring(by, COLORS.implemented);
        if (a && b) {
          layer.appendChild(svg("line", {
            x1: a.getAttribute("cx"), y1: a.getAttribute("cy"), x2: b.getAttribute("cx"), y2: b.getAttribute("cy"),
            stroke: COLORS.implemented, "stroke-width": 1.5, "pointer-events": "none"
          }));
        }
      }
    }
    if (lane !== null && laneOf.has(lane)) {
      const top = laneOf.get(lane) * LANE;
      layer.appendChild(svg("rect", {
        x: 1, y: top + 1, width: LABEL_W + 4, height: LANE - 2, fill: "none", stroke: "#1f5f99",
        "stroke-width": 2, rx: 3, "pointer-events": "none"
      }));
    }
  }
  lanesBox.addEventListener("click", (e) => {
    const t = e.target;
    if (t.dataset && t.dataset.claim !== undefined) {
      select("claim", Number(t.dataset.claim), { from: "timeline" });
    } else if (t.dataset && t.dataset.reform !== undefined) {
      select("reform", Number(t.dataset.reform), { from: "timeline" });
    }
  });
  lanesBox.addEventListener("mousemove", (e) => {
    const t = e.target;
    if (t.dataset && t.dataset.claim !== undefined) {
      const box = main.getBoundingClientRect();
      showTip(claimTipLines(Number(t.dataset.claim)), e.clientX - box.left, e.clientY - box.top);
    } else {
      hideTip();
    }
  });
  lanesBox.addEventListener("mouseleave", hideTip);
  lanesBox.addEventListener("scroll", hideTip);

  // ------------------------------------------------------------------ details
  const details = $("kg-details");
  let selected = null;

  function row(box, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    const r = el("div", "kg-info-row");
    r.appendChild(el("span", "kg-info-key", key + ": "));
    if (value instanceof Node) { r.appendChild(value); } else { r.appendChild(el("span", "", value)); }
    box.appendChild(r);
  }
  function link(text, kind, i) {
    const b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", (e) => { e.stopPropagation(); select(kind, i, { from: "details", focus: true }); });
    return b;
  }
  function chip(st) {
    const c = el("span", "kg-chip", statusText(st));
    c.style.background = statusColor(st);
    return c;
  }
  function iri(box, value) { box.appendChild(el("div", "kg-iri", (data.base || "") + value)); }
  function articleText(c) {
    const a = c.ar !== undefined ? articles[c.ar] : null;
    if (!a) { return ""; }
    return [a[0] || a[4], a[1], a[2] ? "published " + a[2] : null].filter(Boolean).join(" · ");
  }
  function milestone(table, name, i, extra) {
    const tr = el("tr");
    tr.appendChild(el("td", "kg-info-key", name));
    const td = el("td");
    if (i === undefined) {
      td.textContent = "—";
    } else {
      const c = claims[i];
      td.appendChild(link(c.d || "undated", "claim", i));
      td.appendChild(document.createTextNode(" · " + agentName(c.a) + (extra ? extra(c) : "")));
    }
    tr.appendChild(td);
    table.appendChild(tr);
  }
  function historyItem(i, showReform) {
    const c = claims[i];
    const li = el("li", visible[i] ? "" : "kg-filtered");
    const head = el("div");
    head.appendChild(el("span", "kg-when", c.d || "undated"));
    head.appendChild(chip(c.st));
    head.appendChild(document.createTextNode(agentName(c.a)));
    li.appendChild(head);
    if (showReform && c.r !== undefined) { li.appendChild(el("div", "kg-note", reforms[c.r].l)); }
    const facts = [];
    if (c.ty !== undefined) { facts.push("takes effect " + c.ty); }
    if (c.v !== undefined) { facts.push(valueText(c)); }
    if (c.p === "open") { facts.push("open promise" + (c.od !== undefined ? ", " + fmt(c.od) + " days" : "")); }
    if (c.p === "fulfilled") {
      facts.push("promise fulfilled" + (c.pb !== undefined ? " " + (claims[c.pb].d || "") : ""));
    }
    if (facts.length) { li.appendChild(el("div", "kg-note", facts.join(" · "))); }
    const said = el("div", "kg-said", c.s);
    if (c.lang) { said.lang = c.lang; }
    li.appendChild(said);
    const from = articleText(c);
    if (from) { li.appendChild(el("div", "kg-note", from)); }
    li.addEventListener("click", () => { select("claim", i, { from: "details", focus: true }); });
    return li;
  }
  function showOverview() {
    const box = el("div");
    box.appendChild(el("div", "kg-head", "Overview"));
    const dated = claims.map((c) => c.y).filter((y) => y !== undefined);
    const span = dated.length ? Math.min(...dated) + "–" + Math.max(...dated) : "no dates";
    box.appendChild(el("div", "kg-sub", plural(reforms.length, "reform", "reforms") + " · " +
      plural(claims.length, "claim", "claims") + " · " + plural(agents.length, "claimant", "claimants") + " · " +
      plural(articles.length, "article", "articles") + " · claims made " + span));
    box.appendChild(el("div", "kg-note",
      "Select a reform, a claimant or a claim to see its history here. The colour of a reform is the status of " +
      "its latest claim."));
    box.appendChild(el("h2", "", "Reforms by number of claims"));
    const list = el("ul", "kg-reform-list");
    reforms.map((r, i) => i).sort((x, y) => reforms[y].n - reforms[x].n || x - y).forEach((i) => {
      const li = el("li");
      li.appendChild(chip(reforms[i].st || "none"));
      const name = el("span");
      name.appendChild(link(reforms[i].l, "reform", i));
      name.appendChild(document.createTextNode(" (" + fmt(reforms[i].n) + ")"));
      li.appendChild(name);
      list.appendChild(li);
    });
    box.appendChild(list);
    details.replaceChildren(box);
  }
  function showReform(i) {
    const r = reforms[i];
    const box = el("div");
    box.appendChild(el("div", "kg-head", r.l));
    if (r.ru) { const ru = el("div", "kg-sub", r.ru); ru.lang = "ru"; box.appendChild(ru); }
    if (r.c) { box.appendChild(el("div", "kg-note", r.c)); }
    row(box, "Type", typeLabel.get(r.t) || r.t);
    row(box, "Institution", r.of);
    row(box, "Level", r.lv);
    row(box, "Subject", r.sj);
    const latest = el("span");
    latest.appendChild(chip(r.st || "none"));
    row(box, "Latest status", latest);
    const inGraph = r.nt !== undefined && r.nt !== r.n ? " on this page, " + fmt(r.nt) + " in the graph" : "";
    row(box, "Claims", fmt(r.n) + inGraph);
    box.appendChild(el("h2", "", "History"));
    const table = el("table", "kg-milestones");
    milestone(table, "First proposed", r.fp);
    milestone(table, "First planned", r.fl, (c) => (c.ty !== undefined ? " · to take effect " + c.ty : ""));
    milestone(table, "First implemented", r.fi, (c) => (c.sy !== undefined ? " · done " + c.sy : ""));
    box.appendChild(table);
    const promises = claimsOf[i].filter((k) => claims[k].p);
    if (promises.length) {
      const open = promises.filter((k) => claims[k].p === "open").length;
      box.appendChild(el("div", "kg-note", "Promises (proposed or planned claims): " + fmt(promises.length - open) +
        " fulfilled, " + fmt(open) + " open" + (data.asOf ? " as of " + data.asOf : "") + "."));
    }
    revisionsOf[i].slice(0, LIST_MAX).forEach((k) => {
      const rev = revisions[k];
      const d = el("div", "kg-note");
      d.appendChild(document.createTextNode("Revised " + rev.w + ": " + rev.o + " → " + rev.n + " ("));
      d.appendChild(link(claims[rev.e].d || "undated", "claim", rev.e));
      d.appendChild(document.createTextNode(" → "));
      d.appendChild(link(claims[rev.l].d || "undated", "claim", rev.l));
      d.appendChild(document.createTextNode(")"));
      box.appendChild(d);
    });
    if (revisionsOf[i].length > LIST_MAX) {
      box.appendChild(el("div", "kg-note", "… and " + fmt(revisionsOf[i].length - LIST_MAX) +
        " more revisions (red arcs on the timeline)."));
    }
    const disagreed = disagreements.filter((dis) => dis.r === i);
    disagreed.slice(0, LIST_MAX).forEach((dis) => {
      const d = el("div", "kg-note");
      d.appendChild(document.createTextNode("Sources disagree on " + (dis.m || "a value") + ": "));
      dis.c.forEach((k, n) => {
        if (n) { d.appendChild(document.createTextNode(" vs ")); }
        d.appendChild(link(fmt(claims[k].v) + " (" + (claims[k].d || "undated") + ")", "claim", k));
      });
      box.appendChild(d);
    });
    if (disagreed.length > LIST_MAX) {
      box.appendChild(el("div", "kg-note", "… and " + fmt(disagreed.length - LIST_MAX) + " more disagreements."));
    }
    box.appendChild(el("h2", "", "Claims in order of claim date"));
    const list = el("ol", "kg-history");
    claimsOf[i].forEach((k) => { list.appendChild(historyItem(k, false)); });
    box.appendChild(list);
    if (r.k) { row(box, "Key", r.k); }
    iri(box, r.iri);
    details.replaceChildren(box);
  }
  function showAgent(i) {
    const a = agents[i];
    const box = el("div");
    box.appendChild(el("div", "kg-head", a.l));
    box.appendChild(el("div", "kg-sub", (a.k === "organization" ? "Organization" : "Person") + " · " +
      plural(a.n, "claim", "claims")));
    const per = new Map();
    claims.forEach((c) => { if (c.a === i && c.r !== undefined) { per.set(c.r, (per.get(c.r) || 0) + 1); } });
    box.appendChild(el("h2", "", "Reforms spoken of"));
    const list = el("ul", "kg-reform-list");
    Array.from(per.keys()).sort((x, y) => per.get(y) - per.get(x) || x - y).forEach((r) => {
      const li = el("li");
      li.appendChild(link(reforms[r].l, "reform", r));
      li.appendChild(document.createTextNode(" (" + fmt(per.get(r)) + ")"));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(el("h2", "", "Claims in order of claim date"));
    const ol = el("ol", "kg-history");
    claims.map((c, k) => k).filter((k) => claims[k].a === i)
      .sort((x, y) => (claims[x].d || "~").localeCompare(claims[y].d || "~") || x - y)
      .slice(0, 300).forEach((k) => { ol.appendChild(historyItem(k, true)); });
    box.appendChild(ol);
    iri(box, a.iri);
    details.replaceChildren(box);
  }
  function showClaim(i) {
    const c = claims[i];
    const box = el("div");
    box.appendChild(el("div", "kg-head", "Claim: " + statusText(c.st).toLowerCase()));
    if (c.r !== undefined) { row(box, "Reform", link(reforms[c.r].l, "reform", c.r)); }
    const quote = el("div", "kg-quote", c.s);
    if (c.lang) { quote.lang = c.lang; }
    box.appendChild(quote);
    row(box, "Claimant", c.a !== undefined ? link(agents[c.a].l, "agent", c.a) : "unknown");
    row(box, "Status", chip(c.st));
    row(box, "Claim made (claim date)", c.d || "undated");
    row(box, "Takes effect (target year)", c.ty);
    if (c.sy !== undefined && c.sy !== c.ty) { row(box, "Year in the sentence", c.sy); }
    row(box, "Value", valueText(c));
    if (c.p === "fulfilled") {
      const f = el("span", "", "fulfilled by ");
      if (c.pb !== undefined) { f.appendChild(link("the claim of " + (claims[c.pb].d || "undated"), "claim", c.pb)); }
      row(box, "Promise", f);
    } else if (c.p === "open") {
      row(box, "Promise", "open" + (c.od !== undefined ? ", " + fmt(c.od) + " days" : "") +
        (data.asOf ? " as of " + data.asOf : ""));
    }
    revisions.forEach((rev) => {
      if (rev.e === i || rev.l === i) {
        const other = rev.e === i ? rev.l : rev.e;
        const span = el("span", "", rev.w + " " + rev.o + " → " + rev.n + ", ");
        span.appendChild(link((rev.e === i ? "later " : "earlier ") + "claim of " + (claims[other].d || "undated"),
          "claim", other));
        row(box, "Revision", span);
      }
    });
    if (c.h !== undefined && c.r !== undefined) {
      row(box, "In the reform's history", "#" + c.h + " of " + fmt(reforms[c.r].nt || reforms[c.r].n));
    }
    box.appendChild(el("h2", "", "Evidence"));
    const a = c.ar !== undefined ? articles[c.ar] : null;
    if (a) {
      row(box, "Article", a[0] || a[4]);
      row(box, "Publisher", a[1]);
      row(box, "Published", a[2]);
      row(box, "URL", a[3]);
      row(box, "Document", a[4]);
    }
    iri(box, c.iri);
    details.replaceChildren(box);
  }

  // ------------------------------------------------------------------ selection
  function select(kind, i, opts) {
    const o = opts || {};
    hideTip();
    selected = kind === null || kind === undefined ? null : { kind: kind, i: i };
    closeResults();
    if (!selected) {
      showOverview();
    } else if (kind === "reform") {
      showReform(i);
    } else if (kind === "agent") {
      showAgent(i);
    } else {
      showClaim(i);
    }
    details.scrollTop = 0;
    showDots();
    if (!o.focus) { keepDotsInView(); }
    if (selected) {
      const id = { reform: "r", agent: "a", claim: "c" }[kind] + i;
      if (nodes.get(id)) {
        network.selectNodes([id]);
        if (o.focus && activeView === "network") {
          network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 250 } });
        }
      } else {
        network.unselectAll();
      }
    } else {
      network.unselectAll();
    }
    markTimelineSelection();
    if (o.focus && activeView === "timeline" && selected) {
      const r = kind === "reform" ? i : (kind === "claim" ? claims[i].r : null);
      const k = timeline.lanes.indexOf(r);
      if (k >= 0) { lanesBox.scrollTop = Math.max(0, k * LANE - lanesBox.clientHeight / 2); }
    }
  }

  // ------------------------------------------------------------------ views
  let activeView = data.view === "timeline" ? "timeline" : "network";
  const tabs = { network: $("kg-tab-network"), timeline: $("kg-tab-timeline") };
  function setView(name) {
    activeView = name === "timeline" ? "timeline" : "network";
    hideTip();
    Object.keys(tabs).forEach((k) => { tabs[k].setAttribute("aria-selected", String(k === activeView)); });
    container.hidden = activeView !== "network";
    $("kg-timeline").hidden = activeView !== "timeline";
    if (activeView === "network") {
      network.setSize("100%", "100%");
      if (networkDirty) {
        buildNetwork(true); // laid out for the canvas it now has
      } else {
        network.redraw();
        fitNetwork();
      }
    } else if (timelineDirty || timeline.width !== lanesBox.clientWidth) {
      buildTimeline();
      timeline.width = lanesBox.clientWidth;
    }
    updateCount();
  }
  tabs.network.addEventListener("click", () => { setView("network"); });
  tabs.timeline.addEventListener("click", () => { setView("timeline"); });
  window.addEventListener("resize", () => {
    if (activeView === "timeline") { buildTimeline(); timeline.width = lanesBox.clientWidth; }
  });

  const countBox = $("kg-count");
  function updateCount() {
    const parts = ["Showing " + fmt(shownCount) + " of " + plural(claims.length, "claim", "claims")];
    if (activeView === "network") {
      parts.push(plural(drawn.reforms.length, "reform", "reforms") +
        (drawn.reforms.length < drawn.reformTotal ? " of " + fmt(drawn.reformTotal) : ""));
      parts.push(drawn.agents.length < drawn.agentTotal
        ? fmt(drawn.agents.length) + " of " + fmt(drawn.agentTotal) +
          " claimants (most claims first; pick one under Claimant)"
        : plural(drawn.agents.length, "claimant", "claimants"));
    } else {
      const undated = claims.filter((c, i) => visible[i] && times[i] === null).length;
      parts.push(plural(timeline.lanes.length, "lane", "lanes"));
      if (undated) { parts.push(fmt(undated) + " undated not on the timeline"); }
    }
    countBox.textContent = parts.join(" · ");
    $("kg-empty").style.display = shownCount === 0 ? "block" : "none";
  }
  function applyFilters() {
    computeVisible();
    if (activeView === "network") { buildNetwork(true); } else { networkDirty = true; }
    timelineDirty = true;
    if (activeView === "timeline") { buildTimeline(); }
    if (selected) { select(selected.kind, selected.i); } else { showOverview(); }
    updateCount();
  }
  [typeBox, statusBox, claimantSel, fromSel, toSel, tFromSel, tToSel].forEach((e) => {
    e.addEventListener("change", applyFilters);
  });
  function reset() {
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach((c) => { c.checked = true; });
    [claimantSel, fromSel, toSel, tFromSel, tToSel].forEach((s) => { s.value = ""; });
    applyFilters();
  }
  $("kg-reset").addEventListener("click", reset);

  // ------------------------------------------------------------------ legend
  (function legend() {
    const box = $("kg-legend");
    function item(draw, text) {
      const d = el("div");
      const s = svg("svg", { viewBox: "0 0 22 16", "aria-hidden": "true" });
      draw(s);
      d.appendChild(s);
      d.appendChild(document.createTextNode(text));
      box.appendChild(d);
    }
    const rect = (fill, stroke, rx) => (s) => {
      s.appendChild(svg("rect", {
        x: 1, y: 3, width: 20, height: 10, rx: rx, fill: fill, stroke: stroke, "stroke-width": 1.5
      }));
    };
    const dot = (fill, stroke) => (s) => {
      s.appendChild(svg("circle", { cx: 11, cy: 8, r: 4.5, fill: fill, stroke: stroke, "stroke-width": 1.8 }));
    };
    ["proposed", "planned", "implemented"].forEach((st) => {
      item(rect(TINTS[st], COLORS[st], 2), "Reform, latest claim " + statusText(st).toLowerCase());
    });
    item(rect(TINTS.person, COLORS.person, 6), "Person");
    item(rect(TINTS.organization, COLORS.organization, 1), "Organization");
    item((s) => {
      s.appendChild(svg("line", { x1: 1, y1: 8, x2: 21, y2: 8, stroke: COLORS.link, "stroke-width": 3 }));
    }, "Claims by a claimant about a reform");
    ["proposed", "planned", "implemented"].forEach((st) => {
      item(dot(COLORS[st], COLORS[st]), "Claim: " + statusText(st).toLowerCase());
    });
    item(dot("#fff", COLORS.planned), "Open promise (not yet reported done)");
    item((s) => {
      const diamond = { d: "M11 3.5L15.5 8L11 12.5L6.5 8Z", fill: "#fff", stroke: COLORS.target, "stroke-width": 1.3 };
      s.appendChild(svg("path", diamond));
    }, "Year the reform takes effect");
    item((s) => {
      s.appendChild(svg("path", {
        d: "M2 13Q11 1 20 13", fill: "none", stroke: COLORS.revision, "stroke-width": 1.8, "stroke-dasharray": "4 2"
      }));
    }, "Revision: a target changed");
  })();

  // ------------------------------------------------------------------ search
  const searchBox = $("kg-search");
  const results = $("kg-results");
  const lower = {
    reform: reforms.map((r) => [r.l, r.ru || "", r.k || ""].join(" ").toLocaleLowerCase()),
    agent: agents.map((a) => a.l.toLocaleLowerCase()),
    claim: claims.map((c) => c.s.toLocaleLowerCase())
  };
  function closeResults() { results.classList.remove("kg-open"); }
  function find(text) {
    const q = text.trim().toLocaleLowerCase();
    if (!q) { return []; }
    const hits = [];
    const rank = (s) => (s.startsWith(q) ? 0 : (s.indexOf(" " + q) >= 0 ? 1 : 2));
    ["reform", "agent"].forEach((kind) => {
      lower[kind].forEach((s, i) => { if (s.indexOf(q) >= 0) { hits.push({ kind: kind, i: i, rank: rank(s) }); } });
    });
    hits.sort((a, b) => a.rank - b.rank || (a.kind === b.kind ? a.i - b.i : (a.kind === "reform" ? -1 : 1)));
    let n = 0;
    for (let i = 0; i < claims.length && n < 8; i += 1) {
      if (lower.claim[i].indexOf(q) >= 0) { hits.push({ kind: "claim", i: i, rank: 3 }); n += 1; }
    }
    return hits.slice(0, 14);
  }
  function resultText(hit) {
    if (hit.kind === "reform") { return reforms[hit.i].l; }
    if (hit.kind === "agent") { return agents[hit.i].l; }
    const c = claims[hit.i];
    return (c.d || "undated") + " · " + statusText(c.st).toLowerCase() + " · " + c.s;
  }
  function search() {
    const hits = find(searchBox.value);
    results.replaceChildren();
    if (!searchBox.value.trim()) { closeResults(); return hits; }
    if (!hits.length) {
      results.appendChild(el("div", "kg-none", "Nothing matches."));
    }
    hits.forEach((hit) => {
      const b = el("button");
      b.type = "button";
      b.setAttribute("role", "option");
      b.appendChild(el("span", "kg-kind", { reform: "Reform", agent: "Claimant", claim: "Claim" }[hit.kind]));
      b.appendChild(document.createTextNode(resultText(hit)));
      b.addEventListener("click", () => { select(hit.kind, hit.i, { from: "search", focus: true }); });
      results.appendChild(b);
    });
    results.classList.add("kg-open");
    return hits;
  }
  searchBox.addEventListener("input", search);
  searchBox.addEventListener("focus", () => { if (searchBox.value.trim()) { search(); } });
  searchBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const hits = find(searchBox.value);
      if (hits.length) { select(hits[0].kind, hits[0].i, { from: "search", focus: true }); }
    } else if (e.key === "Escape") {
      searchBox.value = "";
      closeResults();
    } else if (e.key === "ArrowDown") {
      const first = results.querySelector("button");
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("click", (e) => {
    if (!$("kg-search-box").contains(e.target)) { closeResults(); }
  });

  // ------------------------------------------------------------------ start
  computeVisible();
  if (activeView === "network") { buildNetwork(false); }
  showOverview();
  function ready() {
    performance.mark("kg-first-draw");
    window.kgFirstScale = network.getScale();
    window.kgFirstDraw = performance.now();
    window.kgReady = true;
  }
  if (activeView === "network") {
    network.once("afterDrawing", ready);
  }
  setView(activeView);
  if (activeView === "timeline") { requestAnimationFrame(ready); }

  window.kg = {
    data: data,
    network: network,
    nodes: nodes,
    edges: edges,
    select: select,
    setView: setView,
    view: () => activeView,
    reset: reset,
    applyFilters: applyFilters,
    search: (text) => { searchBox.value = text; return search().map(resultText); },
    selected: () => selected,
    visibleClaims: () => shownCount,
    drawnNodeIds: () => nodes.getIds().filter((id) => id[0] !== "c"),
    drawn: () => ({ reforms: drawn.reforms.slice(), agents: drawn.agents.slice(), agentTotal: drawn.agentTotal })
  };
})();
