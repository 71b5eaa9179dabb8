import {
  type DescribedEvent,
  type EventKind,
  PORTS_OF_INTEREST,
  type VesselTrack,
} from "../../maritime/index.js";
import { type Html, html, layout } from "./html.js";

const KIND_COLOURS: Readonly<Record<EventKind, string>> = {
  encounter: "#a4262c",
  loitering: "#b8860b",
  gap: "#5b6475",
  "port-call": "#1f5fbf",
  identity: "#7a3db8",
};

const KINDS: readonly EventKind[] = ["encounter", "loitering", "gap", "port-call", "identity"];

function when(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ");
}

function detail(e: DescribedEvent): string {
  return Object.entries(e.details)
    .filter(([key]) => key !== "portId")
    .map(([key, value]) => `${key} ${value}`)
    .join(", ");
}

function vesselCell(e: DescribedEvent): Html {
  return html`${e.named.map(
    (v, i) =>
      html`${i > 0 ? " + " : ""}<a href="/maritime/vessels/${String(v.mmsi)}/track?format=html">${String(v.mmsi)}</a> ${v.name ?? "?"} <span class="muted">${v.flag ?? "?"}${v.imo === null ? "" : ` · IMO ${v.imo}`}</span>${
        v.entityId === null
          ? ""
          : html` <a class="tag${v.designated ? " sanction" : ""}" href="/entities/${encodeURIComponent(v.entityId)}">${v.designated ? "designated" : "listed"}${v.designatedVia === null ? "" : " via owner"}</a>`
      }`,
  )}`;
}

/** The events page: a filter by kind, and every event with its vessels, time, place and figures. */
export function maritimeEventsPage(
  events: readonly DescribedEvent[],
  filter: { readonly kinds: readonly EventKind[]; readonly flagged: boolean },
): string {
  const body = html`<h1>Maritime events</h1>
<p class="muted">What the detectors found in the stored AIS positions (<code>cordon ais detect --store</code>): ship-to-ship encounters, loitering, AIS gaps, port calls and identity problems. Vessels are named as they identified themselves at the time; a red tag is a designated vessel, or one owned or managed by a designated entity.</p>
<form class="card screen-form" action="/maritime/events" method="get">
  <input type="hidden" name="format" value="html">
  <label>Kind <select name="kind"><option value="">all</option>${KINDS.map((k) => html`<option${filter.kinds.length === 1 && filter.kinds[0] === k ? html` selected` : ""}>${k}</option>`)}</select></label>
  <label>Designated only <select name="flagged"><option value="">no</option><option value="true"${filter.flagged ? html` selected` : ""}>yes</option></select></label>
  <button type="submit">Show</button>
</form>
${
  events.length === 0
    ? html`<div class="card"><p>No stored event. Run <code>cordon ais detect --store</code>.</p></div>`
    : html`<table>
<thead><tr><th>Kind</th><th class="date">Start (UTC)</th><th class="date">End</th><th>Vessels</th><th>Where</th><th>Figures</th></tr></thead>
<tbody>
${events.map(
  (e) => html`<tr${e.flagged ? html` class="sanction-card"` : ""}>
  <td><span class="tag" style="background:${KIND_COLOURS[e.kind]};color:#fff">${e.kind}</span></td>
  <td class="date">${when(e.start)}</td>
  <td class="date">${when(e.end)}</td>
  <td>${vesselCell(e)}</td>
  <td class="date">${Number.isFinite(e.lat) ? `${e.lat.toFixed(3)}, ${e.lon.toFixed(3)}` : ""}</td>
  <td>${detail(e)}</td>
</tr>`,
)}
</tbody>
</table>`
}`;
  return layout("Maritime events", body);
}

const WIDTH = 900;
const HEIGHT = 560;
const PAD = 64;

/**
 * A vessel's page: its track drawn as SVG (equirectangular, scaled by the cosine of the mean
 * latitude so distances look right; no map tiles, the known ports drawn for reference), its
 * events as coloured points, and the events listed below.
 */
export function vesselTrackPage(
  id: string,
  tracks: readonly VesselTrack[],
  events: readonly DescribedEvent[],
): string {
  const points = tracks.flatMap((t) =>
    Array.from(t.lat, (lat, i) => [t.lon[i] as number, lat] as const),
  );
  for (const e of events) if (Number.isFinite(e.lat)) points.push([e.lon, e.lat]);
  let [west, east, south, north] = [180, -180, 90, -90];
  for (const [lon, lat] of points) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const margin = Math.max(0.05, (east - west) * 0.05, (north - south) * 0.05);
  west -= margin;
  east += margin;
  south -= margin;
  north += margin;
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (WIDTH - 2 * PAD) / ((east - west) * k),
    (HEIGHT - 2 * PAD) / (north - south),
  );
  // The drawing is centred in the frame, the spare room split on both sides.
  const dx = (WIDTH - 2 * PAD - (east - west) * k * scale) / 2;
  const dy = (HEIGHT - 2 * PAD - (north - south) * scale) / 2;
  const x = (lon: number) => (PAD + dx + (lon - west) * k * scale).toFixed(1);
  const y = (lat: number) => (HEIGHT - PAD - dy - (lat - south) * scale).toFixed(1);
  const lines: string[] = [];
  for (const track of tracks) {
    const every = Math.max(1, Math.ceil(track.time.length / 4000));
    let current: string[] = [];
    for (let i = 0; i < track.time.length; i += every) {
      if (i > 0 && (track.time[i] as number) - (track.time[i - every] as number) > 3600 * every) {
        if (current.length > 1) lines.push(current.join(" "));
        current = [];
      }
      current.push(`${x(track.lon[i] as number)},${y(track.lat[i] as number)}`);
    }
    if (current.length > 1) lines.push(current.join(" "));
  }
  const ports = PORTS_OF_INTEREST.filter(
    (p) => p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north,
  );
  const ticks = (from: number, to: number) => {
    const step = niceStep((to - from) / 5);
    const out: number[] = [];
    for (let v = Math.ceil(from / step) * step; v <= to; v += step)
      out.push(Math.round(v * 1000) / 1000);
    return out;
  };
  const svg = html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="Track of vessel ${id}" style="background:#eef4fb;border:1px solid var(--line);border-radius:8px">
${ticks(west, east).map((lon) => html`<line x1="${x(lon)}" y1="${y(north)}" x2="${x(lon)}" y2="${y(south)}" stroke="#d5dde8"/><text x="${x(lon)}" y="${Number(y(south)) + 16}" font-size="11" text-anchor="middle" fill="#5b6475">${lon}°E</text>`)}
${ticks(south, north).map((lat) => html`<line x1="${x(west)}" y1="${y(lat)}" x2="${x(east)}" y2="${y(lat)}" stroke="#d5dde8"/><text x="${Number(x(west)) - 4}" y="${y(lat)}" font-size="11" text-anchor="end" fill="#5b6475">${lat}°N</text>`)}
${lines.map((points) => html`<polyline points="${points}" fill="none" stroke="#14213d" stroke-width="1.5" stroke-linejoin="round"/>`)}
${ports.map((p) => html`<rect x="${Number(x(p.lon)) - 4}" y="${Number(y(p.lat)) - 4}" width="8" height="8" fill="#fff" stroke="#14213d"><title>${p.name} (${p.country})</title></rect><text x="${Number(x(p.lon)) + 7}" y="${Number(y(p.lat)) + 4}" font-size="11" fill="#14213d">${p.name}</text>`)}
${events
  .filter((e) => Number.isFinite(e.lat))
  .map(
    (e) =>
      html`<circle cx="${x(e.lon)}" cy="${y(e.lat)}" r="6" fill="${KIND_COLOURS[e.kind]}" fill-opacity="0.85" stroke="#fff"><title>${e.kind} ${when(e.start)} → ${when(e.end)}: ${detail(e)}</title></circle>`,
  )}
</svg>`;
  const positions = tracks.reduce((n, t) => n + t.time.length, 0);
  const first = Math.min(...tracks.map((t) => t.time[0] ?? Number.POSITIVE_INFINITY));
  const last = Math.max(
    ...tracks.map((t) => t.time[t.time.length - 1] ?? Number.NEGATIVE_INFINITY),
  );
  const body = html`<h1>Vessel ${id}</h1>
<p class="muted">${positions.toLocaleString("en-US")} positions, ${when(first)} → ${when(last)} UTC · <a href="/maritime/vessels/${id}/track?format=json">GeoJSON</a> · silences over an hour are not drawn as voyages</p>
<div class="card">${svg}
<p class="muted">${KINDS.map((k) => html`<span class="tag" style="background:${KIND_COLOURS[k]};color:#fff">${k}</span>`)} squares: ports of interest (World Port Index)</p></div>
<h2>Events</h2>
${
  events.length === 0
    ? html`<p class="muted">No stored event for this vessel.</p>`
    : html`<table><thead><tr><th>Kind</th><th class="date">Start</th><th class="date">End</th><th>Vessels</th><th>Figures</th></tr></thead><tbody>
${events.map((e) => html`<tr><td>${e.kind}</td><td class="date">${when(e.start)}</td><td class="date">${when(e.end)}</td><td>${vesselCell(e)}</td><td>${detail(e)}</td></tr>`)}
</tbody></table>`
}`;
  return layout(`Vessel ${id}`, body);
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10) * power;
}
