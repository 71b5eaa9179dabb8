import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CordonError } from "../model/index.js";
import { fetchList } from "./fetch-list.js";
import { fixturePath } from "./testing.js";

const LIST = readFileSync(fixturePath("demo/un_consolidated_sample.xml"));

describe("fetchList", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/consolidated.xml") {
        response.writeHead(200, { "content-type": "application/xml" }).end(LIST);
      } else if (request.url === "/moved") {
        response.writeHead(302, { location: "/consolidated.xml" }).end();
      } else {
        response.writeHead(404).end("not here");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("downloads a list to a file with the bytes the publisher sent, following redirects", async () => {
    expect(readFileSync(await fetchList(`${base}/consolidated.xml`))).toEqual(LIST);
    expect(readFileSync(await fetchList(`${base}/moved`))).toEqual(LIST);
  });

  it("fails naming the URL and the HTTP status", async () => {
    const error = await fetchList(`${base}/gone.xml`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CordonError);
    expect((error as CordonError).message).toBe(
      `could not download ${base}/gone.xml: HTTP 404 Not Found`,
    );
  });

  it("fails naming the URL when nothing answers", async () => {
    const closed = `http://127.0.0.1:9/consolidated.xml`;
    await expect(fetchList(closed, 2000)).rejects.toThrow(`could not download ${closed}: `);
  });
});
