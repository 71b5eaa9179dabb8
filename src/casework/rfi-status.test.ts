import { describe, expect, it } from "vitest";
import { rfiStatus } from "./rfis.js";

describe("rfiStatus", () => {
  const now = new Date("2025-06-01T00:00:00Z");
  it.each([
    ["sent", "2025-07-01", "sent"],
    ["sent", "2025-05-31", "overdue"],
    ["answered", "2025-05-31", "answered"],
    ["declined", "2025-05-31", "declined"],
    ["no_reply", "2025-05-31", "no_reply"],
  ] as const)("%s due %s reads as %s", (status, due, expected) => {
    expect(rfiStatus({ status, due_at: new Date(due) }, now)).toBe(expected);
  });
});
