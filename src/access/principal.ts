/**
 * Who is acting: the authenticated user, their organisation and roles. Authentication
 * (sessions, API tokens, TOTP) produces it; the policy layer decides from it, and from a
 * record's marking, what may be seen and done.
 */
export type Role = "analyst" | "reviewer" | "coordinator" | "administrator" | "contributor";

export const ROLES: readonly Role[] = [
  "analyst",
  "reviewer",
  "coordinator",
  "administrator",
  "contributor",
];

/** Traffic Light Protocol 2.0 labels. */
export type Tlp = "CLEAR" | "GREEN" | "AMBER" | "AMBER+STRICT" | "RED";

export const TLPS: readonly Tlp[] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

export interface Principal {
  readonly userId: string;
  /** The user's login name, as it is written in the audit log (`user:<username>`). */
  readonly username: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
}

/** What every stored casework record carries: who owns it, its TLP label, who else may read it. */
export interface Marking {
  /** The originating organisation. */
  readonly orgId: string;
  readonly tlp: Tlp;
  /** Organisations (ids) the record is releasable to, beyond the originating one (AMBER). */
  readonly releasableTo: readonly string[];
  /**
   * The users (ids) a RED record is for: TLP:RED is for named individuals only, not their
   * organisations. The submitter is always one of them. Ignored below RED.
   */
  readonly recipients?: readonly string[];
}
