import { createHash } from "node:crypto";
import type { TraceResult } from "./trace-result.js";

// STIX 2.1 has no wallet observable in its core; the patterns use `cryptocurrency-wallet`, the
// type a published extension definition (extension-definition--be78509e-…) adds, which TIPs
// such as OpenCTI know as Cryptocurrency-Wallet.
const NAMESPACE = "cordon-chain";

/** A deterministic UUID (v5-shaped) from a name: the same address is the same indicator id. */
function uuidOf(name: string): string {
  const h = createHash("sha1").update(`${NAMESPACE}:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * A STIX 2.1 bundle of indicators, one per reached address (and look-alike), each with a
 * pattern on the cryptocurrency-wallet observable, the hops and taint in its description and
 * the trace id as an external reference. Ids are derived from the address, so re-exports
 * update rather than duplicate in a TIP.
 */
export function toStixBundle(trace: TraceResult, now = new Date()): Record<string, unknown> {
  const created = now.toISOString();
  const indicators = trace.addresses.map((a) => ({
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--${uuidOf(a.address)}`,
    created,
    modified: created,
    name: `${a.hops === 0 ? "Theft address" : `Address ${a.hops} hops from the theft`} ${a.address}`,
    description: `Traced by ${trace.request.method}: received ${a.tainted} ${a.asset} of tainted value (${a.received} in all), first at ${a.first_seen}.${a.labels.length > 0 ? ` Labels: ${a.labels.join("; ")}.` : ""}${a.lookalike_of === undefined ? "" : ` Look-alike of ${a.lookalike_of}.`}`,
    indicator_types: [
      a.hops === 0 ? "malicious-activity" : a.service === true ? "attribution" : "compromised",
    ],
    pattern: `[cryptocurrency-wallet:address = '${a.address.replace(/'/g, "\\'")}']`,
    pattern_type: "stix",
    valid_from: a.first_seen,
    labels: [
      `hops:${a.hops}`,
      `method:${trace.request.method}`,
      ...(a.designated === true ? ["designated"] : []),
    ],
    external_references: [{ source_name: "cordon", external_id: trace.id }],
  }));
  return { type: "bundle", id: `bundle--${uuidOf(trace.id)}`, objects: indicators };
}
