import type { EntityMatchesBody } from "../../screening/index.js";
import { html, layout } from "./html.js";

/** What the screening form was filled with (every field optional but the name). */
export interface ScreenForm {
  readonly name: string;
  readonly schema: string;
  readonly birthDate: string;
  readonly country: string;
  readonly identifier: string;
}

const SCHEMATA = ["Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"];

/**
 * The screening page: a form for one name (with what else the user knows) and, once asked,
 * every candidate with its score and the features that made it, as a case file needs them.
 */
export function screenPage(
  form: ScreenForm,
  outcome?:
    | { readonly response: EntityMatchesBody; readonly requestId: string }
    | { readonly error: string },
): string {
  const body = html`<h1>Screen a name</h1>
<p class="muted">Against every list Cordon holds, with the score of each candidate and why. Each screening is recorded with the list versions it ran against.</p>
<form class="card screen-form" action="/ui/screen" method="get">
  <label>Name <input type="search" name="name" value="${form.name}" required autofocus></label>
  <label>Type <select name="schema">${SCHEMATA.map((s) => html`<option${s === form.schema ? html` selected` : ""}>${s}</option>`)}</select></label>
  <label>Birth date <input name="birthDate" value="${form.birthDate}" placeholder="1984 or 1984-01-08"></label>
  <label>Country <input name="country" value="${form.country}" placeholder="kp"></label>
  <label>IMO, passport or registration number <input name="identifier" value="${form.identifier}"></label>
  <button type="submit">Screen</button>
</form>
${outcome === undefined ? "" : "error" in outcome ? html`<div class="card"><p><strong>Not screened:</strong> ${outcome.error}</p></div>` : resultTable(outcome.response, outcome.requestId)}`;
  return layout("Screen", body);
}

function resultTable(response: EntityMatchesBody, requestId: string) {
  if (response.results.length === 0)
    return html`<div class="card"><p>No candidate in the lists. <span class="muted">Request ${requestId}.</span></p></div>`;
  return html`<p class="muted">${response.results.length} candidates · request <code>${requestId}</code></p>
<table>
<thead><tr><th>Score</th><th>Candidate</th><th>Type</th><th>Datasets</th><th>Why</th></tr></thead>
<tbody>
${response.results.map(
  (r) => html`<tr>
  <td>${r.score.toFixed(2)}${r.match ? html` <span class="tag sanction">match</span>` : ""}</td>
  <td><a href="/entities/${encodeURIComponent(r.id)}">${r.caption}</a></td>
  <td><span class="tag">${r.schema}</span></td>
  <td>${r.datasets.join(", ")}</td>
  <td>${Object.entries(r.features)
    .map(([feature, value]) => `${feature} ${value}`)
    .join(", ")}</td>
</tr>`,
)}
</tbody>
</table>`;
}
