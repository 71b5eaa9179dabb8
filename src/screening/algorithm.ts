import type { EntityRecord } from "../model/index.js";
import { compareEntities, FEATURES } from "./compare.js";
import type { Algorithm, MatchResult, ScreeningQuery } from "./types.js";

/** The default threshold for a match, as in yente's logic-v1/v2. */
export const DEFAULT_THRESHOLD = 0.7;

/**
 * Cordon's matcher, in the manner of OpenSanctions' logic-v2: the best of the name and
 * identifier features, lowered by qualifiers (birth date, country, gender, schema).
 */
export const DEFAULT_ALGORITHM: Algorithm = {
  name: "cordon-v1",
  description:
    "Token-aligned name similarity with transliteration and Korean romanisation variants; " +
    "strong identifiers decide alone; birth date, country, gender and schema lower the score.",
  threshold: DEFAULT_THRESHOLD,
  features: FEATURES,
  score(
    query: ScreeningQuery,
    candidate: EntityRecord,
    threshold = DEFAULT_THRESHOLD,
  ): MatchResult {
    const { score, features } = compareEntities(query, candidate);
    return { score, match: score >= threshold, features };
  },
};
