import { describe, expect, it } from "vitest";
import { markRecord } from "./marking.js";
import {
  allowedActions,
  authorize,
  evidencePolicy,
  incidentPolicy,
  recommendationPolicy,
} from "./policy.js";
import type { Marking, Principal, Role, Tlp } from "./principal.js";

const user = (userId: string, orgId: string, ...roles: Role[]): Principal => ({
  userId,
  username: userId,
  orgId,
  roles,
});

/** uk-1 submits; uk-2 is a colleague; us-1 is on the lists; jp-1 is on none. */
const USERS = {
  "uk-1": user("uk-1", "uk", "analyst"),
  "uk-2": user("uk-2", "uk", "analyst"),
  "us-1": user("us-1", "us", "analyst"),
  "jp-1": user("jp-1", "jp", "analyst"),
  "jp-coord": user("jp-coord", "jp", "coordinator", "administrator"),
} as const;
type UserName = keyof typeof USERS;

const marking = (tlp: Tlp, releasableTo: string[] = [], recipients: string[] = []): Marking => ({
  orgId: "uk",
  tlp,
  releasableTo,
  recipients: tlp === "RED" ? ["uk-1", ...recipients] : recipients,
});

// tlp, releasable to, named recipients → who reads (everyone else does not).
const READ_TABLE: readonly [Tlp, string[], string[], UserName[]][] = [
  ["CLEAR", [], [], ["uk-1", "uk-2", "us-1", "jp-1", "jp-coord"]],
  ["GREEN", [], [], ["uk-1", "uk-2", "us-1", "jp-1", "jp-coord"]],
  ["AMBER", [], [], ["uk-1", "uk-2"]],
  ["AMBER", ["us"], [], ["uk-1", "uk-2", "us-1"]],
  ["AMBER", ["us", "jp"], [], ["uk-1", "uk-2", "us-1", "jp-1", "jp-coord"]],
  ["AMBER+STRICT", [], [], ["uk-1", "uk-2"]],
  ["AMBER+STRICT", ["us"], [], ["uk-1", "uk-2"]],
  ["RED", [], [], ["uk-1"]],
  ["RED", [], ["us-1"], ["uk-1", "us-1"]],
  ["RED", ["us"], ["uk-2"], ["uk-1", "uk-2"]],
];

const ROWS = READ_TABLE.flatMap(([tlp, releasable, recipients, readers]) =>
  (Object.keys(USERS) as UserName[]).map(
    (name) => [tlp, releasable, recipients, name, readers.includes(name)] as const,
  ),
);

describe("the read rule: user × organisation × marking × releasability", () => {
  it.each(ROWS)("%s releasable to %j, recipients %j: %s reads = %s", (tlp, rel, rec, name, can) => {
    const record = { id: "ev-1", marking: marking(tlp, rel, rec) };
    expect(evidencePolicy.read(USERS[name], record)).toBe(can);
    expect(incidentPolicy.read(USERS[name], record)).toBe(can);
    if (can)
      expect(() =>
        authorize(evidencePolicy, "read", USERS[name], record, "evidence"),
      ).not.toThrow();
    else
      expect(() => authorize(evidencePolicy, "read", USERS[name], record, "evidence")).toThrow(
        expect.objectContaining({ name: "NotFound" }),
      );
  });
});

describe("roles decide actions on what may be read", () => {
  const green = { id: "inc-1", marking: marking("GREEN") };
  const red = { id: "inc-2", marking: marking("RED") };
  const cases: readonly [string, Principal, typeof green, string[]][] = [
    ["originating analyst", USERS["uk-1"], green, ["read", "update", "send_rfi", "recommend"]],
    ["other analyst", USERS["us-1"], green, ["read", "send_rfi", "recommend"]],
    ["reviewer of another org", user("us-r", "us", "reviewer"), green, ["read", "review"]],
    ["reviewer of the same org", user("uk-r", "uk", "reviewer"), green, ["read"]],
    [
      "coordinator",
      USERS["jp-coord"],
      green,
      ["read", "update", "sign_off", "send_rfi", "recommend"],
    ],
    ["contributor", user("osint-1", "osint", "contributor"), green, ["read"]],
    ["coordinator not named on RED", USERS["jp-coord"], red, []],
  ];
  it.each(cases)("%s", (_, principal, record, actions) => {
    expect(allowedActions(incidentPolicy, principal, record)).toEqual(actions);
  });

  it("answers Forbidden to a reader who may not act, NotFound to one who may not read", () => {
    const record = { id: "inc-1", marking: marking("AMBER", ["us"]) };
    expect(() => authorize(incidentPolicy, "sign_off", USERS["us-1"], record, "incident")).toThrow(
      expect.objectContaining({ name: "Forbidden" }),
    );
    expect(() =>
      authorize(incidentPolicy, "sign_off", USERS["jp-coord"], record, "incident"),
    ).toThrow(expect.objectContaining({ name: "NotFound" }));
  });

  it("lets only the originating organisation redact, and only coordinators export a recommendation", () => {
    const amber = { id: "ev-1", marking: marking("AMBER", ["us"]) };
    expect(evidencePolicy.redact(USERS["uk-2"], amber)).toBe(true);
    expect(evidencePolicy.redact(USERS["us-1"], amber)).toBe(false);
    expect(recommendationPolicy.export(USERS["uk-1"], amber)).toBe(false);
    expect(recommendationPolicy.export(user("uk-c", "uk", "coordinator"), amber)).toBe(true);
  });
});

describe("markRecord", () => {
  it("makes the caller's organisation the originator and names the submitter on RED", () => {
    expect(
      markRecord(USERS["us-1"], { tlp: "RED", releasable_to: [], recipients: ["uk-1"] }),
    ).toEqual({
      orgId: "us",
      tlp: "RED",
      releasableTo: [],
      recipients: ["us-1", "uk-1"],
    });
  });
  it("refuses a releasability list that the label would ignore", () => {
    expect(() =>
      markRecord(USERS["us-1"], { tlp: "AMBER+STRICT", releasable_to: ["uk"], recipients: [] }),
    ).toThrow(/AMBER only/);
    expect(() =>
      markRecord(USERS["us-1"], { tlp: "GREEN", releasable_to: [], recipients: ["x"] }),
    ).toThrow(/RED only/);
  });
});
