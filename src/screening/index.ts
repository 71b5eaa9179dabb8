/**
 * Screening: an explainable matching engine for people, companies, vessels and wallets.
 * Owns name and identifier normalisation, the weighted feature list (`Algorithm`), the
 * candidate index and the screening use cases. Main types: ScreeningQuery, MatchResult.
 */
export * from "./algorithm.js";
export {
  type Candidate,
  CandidateIndex,
  type IndexedEntity,
} from "./candidates.js";
export {
  candidateIndex,
  loadEntities,
  type RefreshReport,
  refreshCandidateIndex,
} from "./index-store.js";
export * from "./normalize/index.js";
export * from "./queries.js";
export * from "./schema.js";
export * from "./screen.js";
export * from "./types.js";
