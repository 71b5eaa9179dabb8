import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

describe("the casework routes in OpenAPI", () => {
  let store: TestStore;
  let app: App;
  beforeAll(async () => {
    store = await openTestStore("pglite");
    app = await buildServer(store.ctx);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("describes every casework route under its tag, and refuses callers without credentials", async () => {
    const doc = (await app.inject({ url: "/openapi.json" })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith("/casework"));
    expect(paths).toEqual(
      expect.arrayContaining([
        "/casework/evidence",
        "/casework/incidents/{id}/transitions",
        "/casework/rfis/{id}/replies",
        "/casework/recommendations/{id}/listing-form",
      ]),
    );
    expect(doc.paths["/casework/incidents"].post.tags).toEqual(["casework"]);
    expect(
      doc.paths["/casework/incidents"].post.requestBody.content["application/json"].schema
        .properties.typology.enum,
    ).toContain("refined_petroleum_sts");
    for (const url of [
      "/casework/evidence",
      "/casework/incidents",
      "/casework/rfis",
      "/casework/recommendations",
    ])
      expect((await app.inject({ url })).statusCode, url).toBe(401);
  });
});
