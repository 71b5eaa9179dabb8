import { html } from "./html.js";

const SPAN = 8;
const SIZE = 240;

/**
 * Where an incident took place, drawn without map tiles (no external network): a square of
 * 16° around the point, a graticule every 2° with its labels, the point itself. Enough to read
 * the coordinates at a glance; not a chart.
 */
export function locatorSvg(latitude: number, longitude: number, label: string) {
  const south = Math.floor((latitude - SPAN) / 2) * 2;
  const west = Math.floor((longitude - SPAN) / 2) * 2;
  const scale = SIZE / (2 * SPAN + 2);
  const x = (lon: number) => ((lon - west) * scale).toFixed(1);
  const y = (lat: number) => (SIZE - (lat - south) * scale).toFixed(1);
  const steps = Array.from({ length: SPAN + 2 }, (_, i) => i * 2);
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${label} at ${latitude.toFixed(3)}, ${longitude.toFixed(3)}" style="background:#eef4fb;border:1px solid #dfe3ea;border-radius:6px">
${steps.map(
  (
    d,
  ) => html`<line x1="${x(west + d)}" y1="0" x2="${x(west + d)}" y2="${SIZE}" stroke="#c9d6f0" stroke-width="0.8"/><line x1="0" y1="${y(south + d)}" x2="${SIZE}" y2="${y(south + d)}" stroke="#c9d6f0" stroke-width="0.8"/>
<text x="${x(west + d)}" y="${SIZE - 3}" font-size="8" fill="#5b6475" text-anchor="middle">${d % 4 === 0 && d > 0 ? `${west + d}°` : ""}</text><text x="3" y="${y(south + d)}" font-size="8" fill="#5b6475">${d % 4 === 0 && d > 0 ? `${south + d}°` : ""}</text>`,
)}
<circle cx="${x(longitude)}" cy="${y(latitude)}" r="5" fill="#a4262c" stroke="#fff" stroke-width="1.5"/>
</svg>`;
}
