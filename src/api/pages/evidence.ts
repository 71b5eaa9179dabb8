import type { EvidenceDetailBody } from "../../casework/index.js";
import { actionList, tlpBadge } from "./casework-parts.js";
import { day, html, layout } from "./html.js";

/** One evidence item: what it is, how it is graded and marked, and its chain of custody. */
export function evidencePage(e: EvidenceDetailBody): string {
  const body = html`<p class="muted"><a href="/casework/incidents">Incidents</a> · evidence</p>
<h1>${e.title}</h1>
<p>${tlpBadge(e.marking)}</p>
<div class="card"><dl>
  <dt>Kind</dt><dd>${e.kind}</dd>
  <dt>Description</dt><dd>${e.description}</dd>
  <dt>File</dt><dd>${e.filename} <span class="muted">(${e.media_type}, ${e.size_bytes} bytes)</span>${e.actions.includes("download") ? html` · <a href="/casework/evidence/${encodeURIComponent(e.id)}/content">download</a>` : ""}</dd>
  <dt>SHA-256</dt><dd><code>${e.sha256}</code></dd>
  <dt>Collected</dt><dd>${day(e.collected_at)}</dd>
  <dt>Grade</dt><dd>${e.admiralty} <span class="muted">(source reliability ${e.reliability}, information credibility ${e.credibility})</span></dd>
  <dt>Submitted by</dt><dd>${e.submitted_by} on ${day(e.created_at)}</dd>
  ${e.redacted_from === null ? "" : html`<dt>Redacted from</dt><dd><a href="/casework/evidence/${encodeURIComponent(e.redacted_from)}">${e.redacted_from}</a></dd>`}
  <dt>You may</dt><dd>${actionList(e.actions)}</dd>
</dl></div>
<h2>Chain of custody</h2>
<table><thead><tr><th class="date">When</th><th>What</th><th>By</th></tr></thead><tbody>
${e.custody.map((c) => html`<tr><td class="date">${c.at.replace("T", " ").slice(0, 19)}</td><td>${c.action}</td><td>${c.by}</td></tr>`)}
</tbody></table>`;
  return layout(e.title, body);
}
