/**
 * Designation lists: importers for the UN, OFAC, EU and UK lists and FtM JSON lines (each a
 * ListFormat recognised from the file's content), the transactional import that makes each
 * file one dataset version, diffs between versions, entity reads and the FtM export.
 */

export {
  type DatasetSummary,
  type DatasetVersionRow,
  getDatasets,
  getVersions,
} from "./datasets.js";
export { type DemoOrigin, type DemoReport, findListFiles, loadDemo } from "./demo.js";
export {
  type ChangedEntry,
  type DiffEntry,
  type DiffRequest,
  diffVersions,
  type ListDiff,
  type PropertyChange,
} from "./diff.js";
export {
  assembleEntities,
  edgeEnds,
  entityProvenance,
  type FtmEntity,
  getEntity,
  type Provenance,
  searchEntities,
} from "./entities.js";
export { exportEntities, toFtmLine } from "./export-ftm.js";
export { fetchList } from "./fetch-list.js";
export { SOURCE_NAMES, SOURCES, type SourceInfo, type SourceName } from "./format.js";
export { FORMATS } from "./formats.js";
export {
  type ImportProgress,
  type ImportRequest,
  type ImportResult,
  importList,
} from "./import-list.js";
