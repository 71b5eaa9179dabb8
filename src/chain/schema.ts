import { z } from "zod";

/** The shapes the chain API reads and writes; routes validate, serialize and document with them. */

const seeds = z
  .array(z.string().min(1).max(120))
  .min(1)
  .max(10_000)
  .meta({ description: "Seed addresses (theft addresses)" });

const traceFields = {
  from: z
    .string()
    .max(40)
    .optional()
    .meta({ description: "Taint what seeds receive from this time on (ISO 8601 or Unix seconds)" }),
  to: z.string().max(40).optional().meta({ description: "Read transfers up to this time" }),
  maxHops: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .meta({ description: "Addresses this many hops out are reported, not followed" }),
  minAmount: z
    .string()
    .max(60)
    .optional()
    .meta({ description: "Transfers below this decimal amount are ignored" }),
  serviceCategories: z
    .array(z.string().max(40))
    .max(50)
    .optional()
    .meta({ description: "Label categories not followed (default exchange, otc, bridge, mixer)" }),
  assets: z.array(z.string().max(20)).max(50).optional(),
};

export const Method = z.enum(["poison", "haircut", "fifo"]);

export const TraceBody = z
  .object({ seeds, method: Method, ...traceFields })
  .meta({ description: "A trace request" });

export const TracedAddressBody = z.object({
  address: z.string(),
  asset: z.string(),
  tainted: z
    .string()
    .meta({ description: "Tainted value received, exact decimal in the asset's units" }),
  received: z.string().meta({ description: "All value received in the window" }),
  hops: z.number().int(),
  labels: z.array(z.string()),
  first_seen: z.string(),
  service: z.boolean().optional(),
  designated: z.boolean().optional(),
  lookalike_of: z.string().optional(),
});

const TracedEdgeBody = z.object({
  tx: z.string(),
  time: z.string(),
  from: z.string(),
  to: z.string(),
  asset: z.string(),
  amount: z.string(),
  tainted: z.string(),
});

export const TraceSummaryBody = z.object({
  summary: z.literal(true),
  id: z.string(),
  method: Method,
  seeds: z.array(z.string()),
  unknown_seeds: z.array(z.string()),
  reached: z.number().int(),
  by_hops: z.record(z.string(), z.number().int()),
  seeded: z.record(z.string(), z.string()),
  services: z.array(
    z.object({
      label: z.string(),
      category: z.string(),
      asset: z.string(),
      tainted: z.string(),
      addresses: z.number().int(),
    }),
  ),
  designated: z.array(z.string()),
  lookalikes: z.array(
    z.object({ address: z.string(), lookalike_of: z.string(), counterparty: z.string() }),
  ),
  transfers_read: z.number().int(),
  tainted_transfers: z.number().int(),
  edges_kept: z.number().int(),
});

export const TraceResultBody = z
  .object({
    id: z.string(),
    request: TraceBody.partial({ method: true }).extend({ method: Method }),
    summary: TraceSummaryBody,
    addresses: z.array(TracedAddressBody),
    edges: z.array(TracedEdgeBody),
  })
  .meta({ description: "A trace: its request, summary, reached addresses and tainted transfers" });

export const TraceList = z.object({
  traces: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      method: z.string(),
      summary: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const TraceParams = z.object({
  id: z
    .string()
    .regex(/^trace-[0-9a-f]{16}$/)
    .meta({ description: "A trace id" }),
});

/** Which reached addresses a trace response lists: a trace over millions of transfers has 800,000. */
export const AddressPage = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(10_000)
    .meta({ description: "Reached addresses to list (summary.reached counts them all)" }),
  offset: z.coerce.number().int().min(0).default(0).meta({ description: "Addresses to skip" }),
});

export const ExportQuery = z.object({
  format: z.enum(["graphml", "cytoscape", "stix"]).default("cytoscape"),
});

export const ExposureBody = z
  .object({
    addresses: z.array(z.string().min(1).max(120)).min(1).max(100_000),
    seeds: seeds.optional(),
    trace: z
      .string()
      .optional()
      .meta({ description: "A saved trace whose request gives the seeds and filters" }),
    methods: z.array(Method).optional(),
    ...traceFields,
  })
  .meta({ description: "Whose exposure, to which seeds (or a saved trace)" });

export const ExposureResponse = z.object({
  rows: z.array(
    z.object({
      address: z.string(),
      asset: z.string(),
      method: Method,
      tainted: z.string(),
      received: z.string(),
      share: z.string(),
      direct: z.string(),
      indirect: z.string(),
      by_hops: z.record(z.string(), z.string()),
      labels: z.array(z.string()),
    }),
  ),
  summary: z.object({
    summary: z.literal(true),
    addresses: z.number().int(),
    tainted: z.record(z.string(), z.record(z.string(), z.string())),
  }),
});

export const CsvUpload = z.object({
  file: z.string().min(1).max(200).default("upload.csv"),
  csv: z.string().min(1).max(50_000_000).meta({ description: "The CSV text" }),
  asset: z.string().max(20).optional(),
});

export const ImportResponse = z.object({
  file: z.string(),
  rows: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int().optional(),
  format: z.string().optional(),
});
