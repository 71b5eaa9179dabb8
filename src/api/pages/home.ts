import type { DatasetBody } from "../schema.js";
import { day, html, layout } from "./html.js";

const count = (n: number) => n.toLocaleString("en");

/** The front page: a search box and every dataset with its versions. */
export function homePage(datasets: readonly DatasetBody[]): string {
  const total = datasets.reduce((sum, d) => sum + (d.versions[0]?.entity_count ?? 0), 0);
  const body = html`
<section class="card">
  <h1>Sanctions designations on the DPRK</h1>
  <p class="muted">Search the designation lists Cordon holds: names, aliases, IMO numbers, identifiers.</p>
  <form class="search-hero" action="/search" method="get" role="search">
    <input type="search" name="q" placeholder="e.g. KOMID, CHON MA SAN, 8660313" aria-label="Search entities" autofocus>
    <button type="submit">Search</button>
  </form>
</section>
<h2>Datasets <span class="muted">· ${datasets.length} lists, ${count(total)} entities in their latest versions</span></h2>
${datasets.length === 0 ? emptyStore() : datasetTable(datasets)}`;
  return layout("Datasets", body);
}

function emptyStore() {
  return html`<div class="card"><p>No dataset has been imported yet.</p>
<p class="muted">Import a list with <code>npm run cordon -- lists import &lt;file&gt;</code>, or start the demo with <code>npm start</code> (set <code>CORDON_DATA_DIR</code> to a folder of list files).</p></div>`;
}

function datasetTable(datasets: readonly DatasetBody[]) {
  return html`<table>
<thead><tr><th>Dataset</th><th>Publisher</th><th>Versions</th><th class="num">Entities</th><th class="date">Published</th><th class="date">Imported</th></tr></thead>
<tbody>
${datasets.map((d) => {
  const latest = d.versions[0];
  return html`<tr>
  <td><strong>${d.title || d.name}</strong><br><code>${d.name}</code></td>
  <td>${d.publisher}</td>
  <td>${versionHistory(d)}</td>
  <td class="num">${latest === undefined ? "" : count(latest.entity_count)}</td>
  <td class="date">${day(latest?.published_at)}</td>
  <td class="date">${day(latest?.imported_at)}</td>
</tr>`;
})}
</tbody>
</table>`;
}

function versionHistory(d: DatasetBody) {
  if (d.versions.length <= 1) return html`${d.versions.length === 1 ? "v1" : "none"}`;
  return html`<details><summary>${d.versions.length} versions (latest v${d.versions[0]?.version})</summary>
<table><thead><tr><th>v</th><th>Published</th><th>Imported</th><th class="num">Entities</th><th class="num">+facts</th><th class="num">−facts</th></tr></thead><tbody>
${d.versions.map(
  (v) =>
    html`<tr><td>v${v.version}</td><td class="date">${day(v.published_at)}</td><td class="date">${day(v.imported_at)}</td><td class="num">${count(v.entity_count)}</td><td class="num">${count(v.added_count)}</td><td class="num">${count(v.removed_count)}</td></tr>`,
)}
</tbody></table></details>`;
}
