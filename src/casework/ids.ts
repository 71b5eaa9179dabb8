import { randomUUID } from "node:crypto";

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type EvidenceId = Brand<string, "EvidenceId">;
export type IncidentId = Brand<string, "IncidentId">;
export type RfiId = Brand<string, "RfiId">;
export type RecommendationId = Brand<string, "RecommendationId">;
export type ReviewId = Brand<string, "ReviewId">;

/**
 * A new id: a prefix for the reader and a random UUID, so that ids can neither be guessed
 * nor counted (a sequence would tell a reader how many records they are not shown).
 */
export function newId<T extends string>(prefix: string): T {
  return `${prefix}-${randomUUID()}` as T;
}
