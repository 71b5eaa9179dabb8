import type { EvidenceBody, IncidentBody } from "../../casework/index.js";
import { day, html } from "./html.js";

/** A TLP label as its colour badge (TLP 2.0 colours), with who else may read it. */
export function tlpBadge(marking: EvidenceBody["marking"]) {
  const colours: Record<string, string> = {
    CLEAR: "background:#fff;color:#000;border:1px solid #999",
    GREEN: "background:#33a532;color:#000",
    AMBER: "background:#ffc000;color:#000",
    "AMBER+STRICT": "background:#ffc000;color:#000",
    RED: "background:#ff2b2b;color:#000",
  };
  const extra =
    marking.tlp === "AMBER" && marking.releasable_to.length > 0
      ? html` <span class="muted">releasable to ${marking.releasable_to.join(", ")}</span>`
      : marking.tlp === "RED"
        ? html` <span class="muted">${marking.recipients.length} named recipient(s)</span>`
        : "";
  return html`<span class="tag" style="${colours[marking.tlp] ?? ""};font-weight:700">TLP:${marking.tlp}</span> <span class="muted">from ${marking.org_id}</span>${extra}`;
}

/** What the caller may do, as the policy answered. */
export function actionList(actions: readonly string[]) {
  return actions.length === 0
    ? html`<span class="muted">read only</span>`
    : actions.map((a) => html`<span class="tag">${a}</span>`);
}

export function evidenceRows(evidence: readonly EvidenceBody[]) {
  return html`<table>
<thead><tr><th>Evidence</th><th>Kind</th><th>Grade</th><th class="date">Collected</th><th>Marking</th><th>SHA-256</th></tr></thead>
<tbody>${evidence.map(
    (e) => html`<tr>
  <td><a href="/casework/evidence/${encodeURIComponent(e.id)}">${e.title}</a>${e.redacted_from === null ? "" : html` <span class="tag">redacted copy</span>`}<br><span class="muted">by ${e.submitted_by}</span></td>
  <td>${e.kind}</td>
  <td title="Admiralty code: source reliability and information credibility">${e.admiralty}</td>
  <td class="date">${day(e.collected_at)}</td>
  <td>${tlpBadge(e.marking)}</td>
  <td><code>${e.sha256.slice(0, 16)}…</code></td>
</tr>`,
  )}</tbody></table>`;
}

export function statusTag(status: IncidentBody["status"]) {
  const style =
    status === "substantiated"
      ? "background:#e4f4e4;color:#1d5e1d"
      : status === "not_substantiated"
        ? "background:#fbe9ea;color:#a4262c"
        : "";
  return html`<span class="tag" style="${style}">${status.replace("_", " ")}</span>`;
}
