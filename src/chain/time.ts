/**
 * Reads a transfer time: ISO 8601 (a missing zone is UTC, as explorers export "2025-02-21
 * 14:13:35"), or Unix seconds (what block timestamps are). Returns epoch ms or undefined.
 */
export function parseTime(text: string): number | undefined {
  const s = text.trim();
  if (/^\d{9,11}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      s,
    );
  if (m === null) return undefined;
  const zone = m[8] === undefined || m[8].toUpperCase() === "Z" ? "Z" : m[8];
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${m[7] ?? ""}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An epoch-ms time as ISO 8601 UTC. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
