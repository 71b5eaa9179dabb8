import type { IncidentBody, IncidentDetailBody } from "../../casework/index.js";
import { actionList, evidenceRows, statusTag, tlpBadge } from "./casework-parts.js";
import { day, html, layout } from "./html.js";
import { locatorSvg } from "./locator.js";

/** The incidents the caller may see. */
export function incidentListPage(incidents: readonly IncidentBody[]): string {
  const body = html`<h1>Incidents</h1>
<p class="muted">The incidents you may see under their markings, newest first.</p>
<table><thead><tr><th>Incident</th><th>Typology</th><th>Status</th><th class="date">When</th><th>Marking</th></tr></thead><tbody>
${incidents.map(
  (i) =>
    html`<tr><td><a href="/casework/incidents/${encodeURIComponent(i.id)}">${i.title}</a></td><td>${i.typology.replaceAll("_", " ")}</td><td>${statusTag(i.status)}</td><td class="date">${day(i.occurred_from)}</td><td>${tlpBadge(i.marking)}</td></tr>`,
)}
</tbody></table>`;
  return layout("Incidents", body);
}

/**
 * One incident as a case file reads: what happened, the evidence the reader may see, whether
 * the evidentiary rule holds and why, every review (dissent kept), the RFIs and the history.
 */
export function incidentPage(i: IncidentDetailBody): string {
  const c = i.corroboration;
  const body = html`<p class="muted"><a href="/casework/incidents">Incidents</a> · ${i.typology.replaceAll("_", " ")}</p>
<h1>${i.title}</h1>
<p>${statusTag(i.status)} ${tlpBadge(i.marking)}</p>
<div class="card"><dl>
  <dt>Summary</dt><dd>${i.summary}</dd>
  <dt>When</dt><dd>${day(i.occurred_from)}${i.occurred_to === null ? "" : html` – ${day(i.occurred_to)}`}</dd>
  <dt>Where</dt><dd>${i.place_name}${i.latitude === null || i.longitude === null ? "" : html` <span class="muted">(${i.latitude.toFixed(3)}, ${i.longitude.toFixed(3)})</span>`}</dd>
  ${i.latitude === null || i.longitude === null ? "" : html`<dt></dt><dd>${locatorSvg(i.latitude, i.longitude, i.place_name)}</dd>`}
  <dt>Resolutions</dt><dd>${i.resolution_paragraphs.join("; ")}</dd>
  <dt>Entities</dt><dd>${i.entities.map((e) => html`<a href="/entities/${encodeURIComponent(e.id)}">${e.caption}</a>${e.role === "" ? "" : html` <span class="muted">(${e.role})</span>`}<br>`)}</dd>
  ${i.signed_off_by === null ? "" : html`<dt>Signed off</dt><dd>${i.signed_off_by} on ${day(i.signed_off_at)}</dd>`}
  <dt>You may</dt><dd>${actionList(i.actions)}</dd>
</dl></div>
${i.estimates.length === 0 ? "" : html`<h2>Estimates</h2><table><thead><tr><th>What</th><th class="num">Value</th><th>Method</th></tr></thead><tbody>${i.estimates.map((e) => html`<tr><td>${e.quantity}</td><td class="num">${e.value.toLocaleString("en")} ${e.unit}</td><td>${e.method}</td></tr>`)}</tbody></table>`}
<h2>Corroboration</h2>
<div class="card" style="border-left:4px solid ${c.satisfied ? "#33a532" : "#a4262c"}">
<p><strong>${c.satisfied ? "The evidentiary rule holds" : "The evidentiary rule does not hold"}</strong>: ${c.independent_sources} independent source${c.independent_sources === 1 ? "" : "s"}, the rule needs ${c.required_sources}.</p>
<ul>${c.reasons.map((r) => html`<li>${r}</li>`)}</ul>
<p class="muted">Method: ${c.method}</p></div>
<h2>Evidence</h2>
${i.evidence.length === 0 ? html`<p class="muted">No evidence you may see.</p>` : evidenceRows(i.evidence)}
${i.withheld_evidence === 0 ? "" : html`<p class="muted">${i.withheld_evidence} more item(s) are attached under markings that do not reach you.</p>`}
<h2>Reviews</h2>
${i.reviews.length === 0 ? html`<p class="muted">No review yet.</p>` : i.reviews.map((r) => html`<div class="card"${r.verdict === "dissent" ? html` style="border-left:4px solid #a4262c"` : ""}><p><span class="tag${r.verdict === "dissent" ? " sanction" : ""}">${r.verdict}</span> <strong>${r.reviewer}</strong> <span class="muted">(${r.org_id}, ${day(r.created_at)})</span></p><p>${r.reason}</p></div>`)}
<h2>Requests for information</h2>
${i.rfis.length === 0 ? html`<p class="muted">None.</p>` : html`<table><thead><tr><th>Addressee</th><th>Questions</th><th class="date">Sent</th><th class="date">Due</th><th>Status</th><th>Replies</th></tr></thead><tbody>${i.rfis.map((r) => html`<tr><td>${r.addressee} <span class="muted">(${r.addressee_kind})</span></td><td>${r.questions.map((q) => html`${q}<br>`)}</td><td class="date">${day(r.sent_at)}</td><td class="date">${day(r.due_at)}</td><td>${r.status}</td><td>${r.replies.map((p) => html`${day(p.received_at)} ${p.summary}${p.evidence_id === null ? "" : html` · <a href="/casework/evidence/${encodeURIComponent(p.evidence_id)}">evidence</a>`}<br>`)}</td></tr>`)}</tbody></table>`}
<h2>History</h2>
<table><thead><tr><th class="date">When</th><th>Change</th><th>By</th><th>Why</th></tr></thead><tbody>
<tr><td class="date">${day(i.created_at)}</td><td>opened as lead</td><td>${i.created_by}</td><td></td></tr>
${i.transitions.map((t) => html`<tr><td class="date">${day(t.at)}</td><td>${t.from} → ${t.to}</td><td>${t.by}</td><td>${t.reason}</td></tr>`)}
</tbody></table>`;
  return layout(i.title, body);
}
