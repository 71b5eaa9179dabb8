import type { EntityRecord } from "../model/index.js";

/** What a screening request names: an FtM schema and property values, as yente takes them. */
export interface ScreeningQuery {
  readonly id?: string;
  readonly schema: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

/** How one candidate scored against a query, with every feature that contributed. */
export interface MatchResult {
  /** 0 to 1. */
  readonly score: number;
  /** score >= the threshold in use. */
  readonly match: boolean;
  /** Feature name → its value (0 to 1, or the penalty applied), as yente reports them. */
  readonly features: Readonly<Record<string, number>>;
}

/** A matching algorithm: a weighted list of features over a query and a candidate. */
export interface Algorithm {
  readonly name: string;
  readonly description: string;
  /** The default threshold for `match`. */
  readonly threshold: number;
  /** Feature name → what it measures and its weight, for `GET /algorithms`. */
  readonly features: Readonly<
    Record<string, { readonly description: string; readonly weight: number }>
  >;
  score(query: ScreeningQuery, candidate: EntityRecord, threshold?: number): MatchResult;
}
