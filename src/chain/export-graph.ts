import type { TraceResult } from "./trace-result.js";

/** Nodes of a trace's graph: reached addresses, and the senders and receivers of its tainted transfers. */
function nodesOf(trace: TraceResult) {
  const nodes = new Map<
    string,
    {
      id: string;
      hops: number;
      tainted: string;
      labels: string;
      service: boolean;
      designated: boolean;
      lookalike_of: string;
    }
  >();
  for (const a of trace.addresses)
    if (!nodes.has(a.address))
      nodes.set(a.address, {
        id: a.address,
        hops: a.hops,
        tainted: a.tainted,
        labels: a.labels.join("; "),
        service: a.service === true,
        designated: a.designated === true,
        lookalike_of: a.lookalike_of ?? "",
      });
  for (const l of trace.summary.lookalikes)
    if (!nodes.has(l.address))
      nodes.set(l.address, {
        id: l.address,
        hops: -1,
        tainted: "0",
        labels: "",
        service: false,
        designated: false,
        lookalike_of: l.lookalike_of,
      });
  return [...nodes.values()];
}

function xml(text: string | number | boolean): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The trace as GraphML (Gephi, yEd, networkx read it): one node per address with its hops,
 * taint and labels, one edge per tainted transfer with its amount and tainted part as decimal
 * strings (GraphML's double would round them).
 */
export function toGraphMl(trace: TraceResult): string {
  const keys = [
    ["hops", "node", "int"],
    ["tainted", "node", "string"],
    ["labels", "node", "string"],
    ["service", "node", "boolean"],
    ["designated", "node", "boolean"],
    ["lookalike_of", "node", "string"],
    ["tx", "edge", "string"],
    ["time", "edge", "string"],
    ["asset", "edge", "string"],
    ["amount", "edge", "string"],
    ["tainted_amount", "edge", "string"],
  ] as const;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`,
    ...keys.map(
      ([name, on, type]) =>
        `  <key id="${name}" for="${on}" attr.name="${name}" attr.type="${type}"/>`,
    ),
    `  <graph id="${xml(trace.id)}" edgedefault="directed">`,
  ];
  for (const n of nodesOf(trace)) {
    lines.push(`    <node id="${xml(n.id)}">`);
    for (const k of ["hops", "tainted", "labels", "service", "designated", "lookalike_of"] as const)
      lines.push(`      <data key="${k}">${xml(n[k])}</data>`);
    lines.push("    </node>");
  }
  trace.edges.forEach((e, i) => {
    lines.push(`    <edge id="e${i}" source="${xml(e.from)}" target="${xml(e.to)}">`);
    for (const [k, v] of [
      ["tx", e.tx],
      ["time", e.time],
      ["asset", e.asset],
      ["amount", e.amount],
      ["tainted_amount", e.tainted],
    ] as const)
      lines.push(`      <data key="${k}">${xml(v)}</data>`);
    lines.push("    </edge>");
  });
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

/** The trace as Cytoscape.js JSON (`elements.nodes`, `elements.edges`), which Cytoscape desktop imports too. */
export function toCytoscape(trace: TraceResult): {
  elements: {
    nodes: { data: Record<string, unknown> }[];
    edges: { data: Record<string, unknown> }[];
  };
} {
  return {
    elements: {
      nodes: nodesOf(trace).map((n) => ({ data: { ...n } })),
      edges: trace.edges.map((e, i) => ({
        data: {
          id: `e${i}`,
          source: e.from,
          target: e.to,
          tx: e.tx,
          time: e.time,
          asset: e.asset,
          amount: e.amount,
          tainted: e.tainted,
        },
      })),
    },
  };
}
