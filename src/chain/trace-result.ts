import { createHash } from "node:crypto";
import type { Method } from "./methods/ledger.js";

/** What was asked: seeds, method and filters, as the CLI and the API take them. */
export interface TraceRequest {
  readonly seeds: readonly string[];
  readonly method: Method;
  /** ISO 8601 or Unix seconds. */
  readonly from?: string;
  readonly to?: string;
  readonly maxHops?: number;
  /** A decimal in each asset's units; transfers below it are ignored. */
  readonly minAmount?: string;
  /** Label categories whose sends are not followed (default exchange, otc, bridge, mixer). */
  readonly serviceCategories?: readonly string[];
  readonly assets?: readonly string[];
}

/** One reached address, as the `--json` line shows it. */
export interface TracedAddress {
  readonly address: string;
  readonly asset: string;
  readonly tainted: string;
  readonly received: string;
  readonly hops: number;
  readonly labels: readonly string[];
  readonly first_seen: string;
  /** Set when the address is a service: value reached it and was not followed further. */
  readonly service?: boolean;
  /** Set when the address is a designated holder's (OFAC and other lists). */
  readonly designated?: boolean;
  /** The address this one imitates, when it looks like an address-poisoning look-alike. */
  readonly lookalike_of?: string;
}

/** A transfer that carried taint. */
export interface TracedEdge {
  readonly tx: string;
  readonly time: string;
  readonly from: string;
  readonly to: string;
  readonly asset: string;
  readonly amount: string;
  readonly tainted: string;
}

/** Where taint landed in a service, summed per label. */
export interface ServiceLanding {
  readonly label: string;
  readonly category: string;
  readonly asset: string;
  readonly tainted: string;
  readonly addresses: number;
}

export interface TraceSummary {
  readonly summary: true;
  readonly id: string;
  readonly method: Method;
  readonly seeds: readonly string[];
  /** Seeds that appear in no stored transfer (a typo, or data not imported yet). */
  readonly unknown_seeds: readonly string[];
  readonly reached: number;
  readonly by_hops: Readonly<Record<string, number>>;
  /** Per asset: what the seeds took in, and what reached addresses at one hop or more received. */
  readonly seeded: Readonly<Record<string, string>>;
  readonly services: readonly ServiceLanding[];
  readonly designated: readonly string[];
  /** Look-alikes among the reached addresses and their counterparties (most receive no taint). */
  readonly lookalikes: readonly {
    readonly address: string;
    readonly lookalike_of: string;
    readonly counterparty: string;
  }[];
  readonly transfers_read: number;
  /** Every transfer that carried taint; `edges` keeps the `edges_kept` of them that carried most. */
  readonly tainted_transfers: number;
  readonly edges_kept: number;
}

/**
 * A trace as one self-contained JSON value: the request, its summary, every reached address
 * and every tainted transfer. Its id is derived from the request and the data it ran on, so the
 * same trace is the same id, and casework can hold it as evidence as it is.
 */
export interface TraceResult {
  readonly id: string;
  readonly request: TraceRequest;
  readonly summary: TraceSummary;
  readonly addresses: readonly TracedAddress[];
  readonly edges: readonly TracedEdge[];
}

/** "trace-" and 16 hex digits of the SHA-256 of the request (keys sorted) and a data fingerprint. */
export function traceId(request: TraceRequest, fingerprint: string): string {
  const canonical = JSON.stringify(request, Object.keys(request).sort());
  const seeds = [...request.seeds].sort().join(",");
  return `trace-${createHash("sha256").update(`${canonical}|${seeds}|${fingerprint}`).digest("hex").slice(0, 16)}`;
}
