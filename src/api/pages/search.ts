import type { FtmEntity } from "../../lists/index.js";
import { html, layout } from "./html.js";

/** Search results: each entity's name linking to its page, its schema and datasets. */
export function searchPage(query: string, results: readonly FtmEntity[]): string {
  const list =
    results.length === 0
      ? html`<div class="card"><p>No entity matches <strong>${query}</strong>.</p><p class="muted">Every word must appear in a name or an identifier; try fewer words.</p></div>`
      : html`<table>
<thead><tr><th>Name</th><th>Type</th><th>Datasets</th><th>Id</th></tr></thead>
<tbody>
${results.map(
  (e) => html`<tr>
  <td><a href="/entities/${encodeURIComponent(e.id)}">${e.caption}</a>${sanctioned(e) ? html` <span class="tag sanction">sanctioned</span>` : ""}</td>
  <td><span class="tag">${e.schema}</span></td>
  <td>${e.datasets.join(", ")}</td>
  <td><code>${e.id}</code></td>
</tr>`,
)}
</tbody>
</table>`;
  const body = html`<h1>Search: ${query}</h1>
<p class="muted">${results.length} ${results.length === 1 ? "entity" : "entities"} found</p>
${list}`;
  return layout(`Search: ${query}`, body, query);
}

function sanctioned(e: FtmEntity): boolean {
  return (e.properties.topics ?? []).includes("sanction");
}
