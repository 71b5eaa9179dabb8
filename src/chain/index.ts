/**
 * Chain: blockchain transfers, fund tracing, exposure. Owns the transfer import (CSV, explorer
 * exports, a generic mapping; addresses checksum-verified, amounts exact), address labels and
 * the designated wallets read from the lists, the three tracing methods (poison, haircut,
 * FIFO) over a typed-array transfer graph, address-poisoning look-alikes, exposure of a set of
 * addresses, graph (GraphML, Cytoscape) and STIX 2.1 exports, and the demo scenario generator.
 * Main types: Transfer, TransferGraph, TraceRequest, TraceResult.
 */
export { normalizeAddress, toChecksumAddress } from "./address.js";
export { type Asset, AssetRegistry, type Chain, parseAssetDeclarations } from "./assets.js";
export { formatAmount, parseAmount } from "./decimal.js";
export { generateScenario, type Scenario, type ScenarioSize } from "./demo.js";
export { loadDemoScenario, writeScenarioFiles } from "./demo-files.js";
export { loadDesignatedWallets } from "./designated-wallets.js";
export { toCytoscape, toGraphMl } from "./export-graph.js";
export { toStixBundle } from "./export-stix.js";
export {
  computeExposure,
  type ExposureRequest,
  type ExposureRow,
  type ExposureSummary,
} from "./exposure.js";
export { exposureOf } from "./exposure-of.js";
export { importLabels } from "./import-labels.js";
export { type ImportTransfersResult, importTransfers } from "./import-transfers.js";
export { parseLabelsCsv, SERVICE_CATEGORIES } from "./label-csv.js";
export { findLookalikes } from "./lookalike.js";
export { METHODS, type Method } from "./methods/ledger.js";
export type { AddressLabel } from "./queries.js";
export * from "./schema.js";
export { indexLabels, parseSeeds, traceTransfers } from "./trace.js";
export { getTrace, listTraces, loadTraceInputs, traceFunds } from "./trace-funds.js";
export { traceGraph } from "./trace-graph.js";
export type {
  TracedAddress,
  TracedEdge,
  TraceRequest,
  TraceResult,
  TraceSummary,
} from "./trace-result.js";
export type { Transfer } from "./transfer.js";
export { type ColumnMapping, parseMapping, parseTransfersCsv } from "./transfer-csv.js";
export { buildGraph, GraphBuilder, type TransferGraph } from "./transfer-graph.js";
