import type { TracedAddress, TraceResult } from "../../chain/index.js";
import { Html, html, layout } from "./html.js";

/** What the trace form was filled with. */
export interface ChainForm {
  readonly seeds: string;
  readonly method: string;
  readonly maxHops: string;
}

const METHODS = ["haircut", "fifo", "poison"];
const COLUMN = 190;
const ROW = 34;
const PER_HOP = 14;

/**
 * The trace page: a form for seeds and a method, and once traced, the graph (addresses in
 * columns by hops, the most tainted first, look-alikes dashed in orange), then every reached
 * address with its taint, labels and flags.
 */
export function chainPage(
  form: ChainForm,
  outcome?: { readonly trace: TraceResult } | { readonly error: string },
): string {
  const body = html`<h1>Trace stolen funds</h1>
<p class="muted">Follows value forward in time from the seed addresses through the stored transfers. Services (exchanges, OTC desks, bridges, mixers) are reported where value lands, not followed.</p>
<form class="card screen-form" action="/ui/chain" method="get">
  <label>Seed addresses <input type="search" name="seeds" value="${form.seeds}" required placeholder="0x… (comma-separated)" style="width:28rem"></label>
  <label>Method <select name="method">${METHODS.map((m) => html`<option${m === form.method ? html` selected` : ""}>${m}</option>`)}</select></label>
  <label>Max hops <input name="maxHops" value="${form.maxHops}" size="4"></label>
  <button type="submit">Trace</button>
</form>
${outcome === undefined ? "" : "error" in outcome ? html`<div class="card"><p><strong>Not traced:</strong> ${outcome.error}</p></div>` : traceView(outcome.trace)}`;
  return layout("Trace", body);
}

function traceView(trace: TraceResult): Html {
  const s = trace.summary;
  return html`<div class="card">
<p><strong>${s.reached}</strong> addresses reached by <strong>${s.method}</strong> · trace <code>${trace.id}</code> · <a href="/chain/traces/${trace.id}/export?format=graphml">GraphML</a> · <a href="/chain/traces/${trace.id}/export?format=cytoscape">Cytoscape JSON</a> · <a href="/chain/traces/${trace.id}/export?format=stix">STIX 2.1</a></p>
<p class="muted">By hops: ${Object.entries(s.by_hops)
    .map(([h, n]) => `${h}: ${n}`)
    .join(" · ")} · seeded ${Object.entries(s.seeded)
    .map(([a, v]) => `${v} ${a}`)
    .join(", ")} · ${s.lookalikes.length} look-alikes · ${s.designated.length} designated</p>
</div>
${graphSvg(trace)}
<h2>Where it landed</h2>
<table><thead><tr><th>Service</th><th>Category</th><th class="num">Tainted</th><th class="num">Addresses</th></tr></thead><tbody>
${s.services.slice(0, 50).map((l) => html`<tr><td>${l.label}</td><td><span class="tag">${l.category}</span></td><td class="num">${l.tainted} ${l.asset}</td><td class="num">${l.addresses}</td></tr>`)}
</tbody></table>
${s.lookalikes.length === 0 ? "" : html`<h2>Address-poisoning look-alikes</h2><table><thead><tr><th>Look-alike</th><th>Imitates</th><th>Sent to</th></tr></thead><tbody>${s.lookalikes.slice(0, 100).map((l) => html`<tr><td><code>${l.address}</code> <span class="tag sanction">look-alike</span></td><td><code>${l.lookalike_of}</code></td><td><code>${l.counterparty}</code></td></tr>`)}</tbody></table>`}
<h2>Reached addresses</h2>
<table><thead><tr><th class="num">Hops</th><th>Address</th><th class="num">Tainted</th><th class="num">Received</th><th>Labels</th><th class="date">First tainted</th></tr></thead><tbody>
${trace.addresses.slice(0, 500).map((a) => html`<tr><td class="num">${a.hops}</td><td><code>${a.address}</code>${flags(a)}</td><td class="num">${a.tainted} ${a.asset}</td><td class="num">${a.received}</td><td>${a.labels.join("; ")}</td><td class="date">${a.first_seen.slice(0, 19).replace("T", " ")}</td></tr>`)}
</tbody></table>
${trace.addresses.length > 500 ? html`<p class="muted">First 500 of ${trace.addresses.length}; the exports hold all.</p>` : ""}`;
}

function flags(a: TracedAddress): Html {
  return html`${a.hops === 0 ? html` <span class="tag sanction">seed</span>` : ""}${a.service === true ? html` <span class="tag">service</span>` : ""}${a.designated === true ? html` <span class="tag sanction">designated</span>` : ""}${a.lookalike_of === undefined ? "" : html` <span class="tag sanction">look-alike</span>`}`;
}

/** Decimal strings compared by magnitude, exactly (no float): longer integer part first. */
function compareDecimal(a: string, b: string): number {
  const [ai = "", af = ""] = a.split(".");
  const [bi = "", bf = ""] = b.split(".");
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = af.padEnd(width, "0");
  const y = bf.padEnd(width, "0");
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * The graph as SVG drawn on the server: a column per hop, the most tainted addresses of each
 * (PER_HOP at most), the tainted transfers among them as lines, look-alikes beside the address
 * they target. No script and nothing from the network.
 */
function graphSvg(trace: TraceResult): Html {
  const columns = new Map<number, TracedAddress[]>();
  // Pushed, not spread: a trace over ten million transfers puts 300,000 addresses in one hop.
  for (const a of trace.addresses) {
    const column = columns.get(a.hops);
    if (column === undefined) columns.set(a.hops, [a]);
    else column.push(a);
  }
  const place = new Map<string, { x: number; y: number; a: TracedAddress }>();
  const hops = [...columns.keys()].sort((x, y) => x - y).slice(0, 12);
  for (const h of hops) {
    const shown = (columns.get(h) ?? [])
      .sort((x, y) => compareDecimal(y.tainted, x.tainted))
      .slice(0, PER_HOP);
    shown.forEach((a, i) => {
      place.set(a.address, { x: 70 + h * COLUMN, y: 40 + i * ROW, a });
    });
  }
  const lookalikes = trace.summary.lookalikes.filter((l) => place.has(l.counterparty)).slice(0, 30);
  const height = 60 + PER_HOP * ROW;
  const width = 140 + hops.length * COLUMN;
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const e of trace.edges) {
    const a = place.get(e.from);
    const b = place.get(e.to);
    const key = `${e.from}|${e.to}`;
    if (a === undefined || b === undefined || seen.has(key)) continue;
    seen.add(key);
    lines.push(
      `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="#9aa7bd" stroke-width="1" marker-end="url(#arrow)"/>`,
    );
  }
  const nodes = [...place.values()].map(({ x, y, a }) => {
    const fill =
      a.hops === 0
        ? "#a4262c"
        : a.designated === true
          ? "#6b0f14"
          : a.service === true
            ? "#1f5fbf"
            : a.lookalike_of !== undefined
              ? "#e08a00"
              : "#5b6475";
    const label = `${a.address.slice(0, 8)}…${a.address.slice(-4)}`;
    const title = `${a.address}\n${a.tainted} ${a.asset} tainted of ${a.received}\n${a.labels.join("; ")}`;
    return `<g><title>${escapeXml(title)}</title><circle cx="${x}" cy="${y}" r="7" fill="${fill}"/><text x="${x + 11}" y="${y + 4}" font-size="11">${escapeXml(label)}</text></g>`;
  });
  const fakes = lookalikes.map((l, i) => {
    const target = place.get(l.counterparty) as { x: number; y: number };
    const x = target.x + 60;
    const y = target.y + 14 + (i % 2) * 8;
    return `<g><title>${escapeXml(`look-alike ${l.address}\nimitates ${l.lookalike_of}`)}</title><line x1="${x}" y1="${y}" x2="${target.x}" y2="${target.y}" stroke="#e08a00" stroke-dasharray="3 3"/><circle cx="${x}" cy="${y}" r="5" fill="#fff" stroke="#e08a00" stroke-width="2" stroke-dasharray="2 2"/></g>`;
  });
  const axis = hops.map(
    (h) =>
      `<text x="${70 + h * COLUMN}" y="18" font-size="12" fill="#5b6475">${h === 0 ? "seeds" : `hop ${h}`}</text>`,
  );
  return new Html(`<div class="card" style="overflow-x:auto"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="trace graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#9aa7bd"/></marker></defs>
${axis.join("")}${lines.join("")}${fakes.join("")}${nodes.join("")}
</svg><p class="muted">Red: seeds · blue: services (not followed) · dark red: designated · orange dashed: address-poisoning look-alikes · grey: other addresses. Up to ${PER_HOP} per hop, most tainted first.</p></div>`);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
