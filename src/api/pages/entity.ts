import { edgeEnds, type FtmEntity, type Provenance } from "../../lists/index.js";
import { findProperty, getSchema } from "../../model/index.js";
import { day, type Html, html, layout } from "./html.js";

const SANCTION_FIELDS = [
  "program",
  "authority",
  "authorityId",
  "unscId",
  "listingDate",
  "startDate",
  "endDate",
  "status",
  "reason",
  "provisions",
  "country",
] as const;

/**
 * An entity's page: its facts (each with dataset and first/last seen), its sanctions and
 * links to the entities it is related to.
 */
export function entityPage(entity: FtmEntity, facts: readonly Provenance[]): string {
  const schema = getSchema(entity.schema);
  const nested = Object.entries(entity.properties).flatMap(([prop, values]) =>
    values.filter((v): v is FtmEntity => typeof v !== "string").map((other) => ({ prop, other })),
  );
  const sanctions = nested.filter((n) => n.other.schema === "Sanction").map((n) => n.other);
  const related = nested.filter((n) => n.other.schema !== "Sanction");
  const sanctioned = sanctions.length > 0 || (entity.properties.topics ?? []).includes("sanction");
  const body = html`
<p class="muted"><span class="tag">${schema.label}</span>${sanctioned ? html`<span class="tag sanction">sanctioned</span>` : ""} <code>${entity.id}</code></p>
<h1>${entity.caption}</h1>
<p class="muted">In ${entity.datasets.join(", ")} · first seen ${day(entity.first_seen)} · last seen ${day(entity.last_seen)}${entity.referents.length > 0 ? html` · merged from ${entity.referents.join(", ")}` : ""}</p>
<h2>Sanctions</h2>
${sanctions.length === 0 ? html`<p class="muted">No sanction recorded for this entity.</p>` : sanctions.map(sanctionCard)}
<h2>Facts</h2>
${factTable(entity, facts)}
${related.length === 0 ? "" : html`<h2>Related entities</h2>${relatedTable(entity, related)}`}
<p class="muted">This entity as <a href="/entities/${encodeURIComponent(entity.id)}?format=json&amp;statements=true">FtM JSON</a>.</p>`;
  return layout(entity.caption, body);
}

function sanctionCard(sanction: FtmEntity): Html {
  const schema = getSchema("Sanction");
  const rows = SANCTION_FIELDS.filter((f) => (sanction.properties[f] ?? []).length > 0).map(
    (f) =>
      html`<dt>${findProperty(schema, f)?.label ?? f}</dt><dd>${strings(sanction.properties[f]).join("; ")}</dd>`,
  );
  const urls = strings(sanction.properties.sourceUrl).filter((u) => /^https?:\/\//i.test(u));
  return html`<div class="card sanction-card">
<strong>${strings(sanction.properties.program).join(", ") || "Sanction"}</strong> <span class="muted">· ${strings(sanction.properties.authority).join(", ")}</span>
<dl>${rows}${urls.map((u) => html`<dt>Source</dt><dd><a href="${u}" rel="noreferrer">${u}</a></dd>`)}<dt>Dataset</dt><dd>${sanction.datasets.join(", ")}</dd></dl>
</div>`;
}

function factTable(entity: FtmEntity, facts: readonly Provenance[]): Html {
  const schema = getSchema(entity.schema);
  // Names first, then the schema's featured properties in its order, then the rest by label.
  const featured = ["name", ...schema.featured.filter((p) => p !== "name")];
  const rank = (prop: string) => {
    const i = featured.indexOf(prop);
    return i === -1 ? featured.length : i;
  };
  const label = (prop: string) => findProperty(schema, prop)?.label ?? prop;
  const shown = facts
    .filter((f) => f.prop !== "id")
    .sort(
      (a, b) =>
        rank(a.prop) - rank(b.prop) ||
        label(a.prop).localeCompare(label(b.prop)) ||
        a.value.localeCompare(b.value),
    );
  if (shown.length === 0) return html`<p class="muted">No facts recorded.</p>`;
  return html`<table>
<thead><tr><th>Property</th><th>Value</th><th>Dataset</th><th>First seen</th><th>Last seen</th></tr></thead>
<tbody>
${shown.map(
  (f) => html`<tr>
  <td>${label(f.prop)}</td>
  <td>${isEntityProp(entity.schema, f.prop) ? entityLink(f.value) : f.value}</td>
  <td>${f.dataset} <span class="muted">v${f.sinceVersion}+</span></td>
  <td class="date">${day(f.firstSeen)}</td>
  <td class="date">${day(f.lastSeen)}</td>
</tr>`,
)}
</tbody>
</table>`;
}

function relatedTable(
  entity: FtmEntity,
  related: readonly { prop: string; other: FtmEntity }[],
): Html {
  const schema = getSchema(entity.schema);
  return html`<table>
<thead><tr><th>Relation</th><th>Entity</th><th>Type</th><th>Datasets</th></tr></thead>
<tbody>
${related.map(({ prop, other }) => {
  // Through a link entity (Ownership, UnknownLink) the row names the party at its far end.
  const far = farEnd(entity, other);
  const relation = [findProperty(schema, prop)?.label ?? prop, ...strings(other.properties.role)];
  const shown = far ?? other;
  return html`<tr>
  <td>${relation.join(": ")}</td>
  <td><a href="/entities/${encodeURIComponent(shown.id)}">${shown.caption}</a></td>
  <td><span class="tag">${shown.schema}</span></td>
  <td>${shown.datasets.join(", ")}</td>
</tr>`;
})}
</tbody>
</table>`;
}

function farEnd(entity: FtmEntity, link: FtmEntity): FtmEntity | undefined {
  return edgeEnds(link.schema)
    .flatMap((prop) => link.properties[prop] ?? [])
    .find((v): v is FtmEntity => typeof v !== "string" && v.id !== entity.id);
}

function entityLink(id: string): Html {
  return html`<a href="/entities/${encodeURIComponent(id)}">${id}</a>`;
}

function isEntityProp(schemaName: string, prop: string): boolean {
  return findProperty(getSchema(schemaName), prop)?.type.name === "entity";
}

function strings(values: readonly (string | FtmEntity)[] | undefined): string[] {
  return (values ?? []).filter((v): v is string => typeof v === "string");
}
