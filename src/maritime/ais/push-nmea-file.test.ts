import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type DecodedItem, NmeaDecoder, pushNmeaFile } from "./index.js";

const NMEA = fileURLToPath(new URL("../../../../shared/data/ais/nmea/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "cordon-push-nmea-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Decoded {
  readonly items: DecodedItem[];
  readonly lines: number;
  readonly otherLines: number;
}

/** The reference: the file's lines as Latin-1 strings, pushed one at a time. */
function decodeText(bytes: Buffer): Decoded {
  const lines = bytes.toString("latin1").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const items: DecodedItem[] = [];
  const decoder = new NmeaDecoder((item) => items.push(item));
  for (const [i, text] of lines.entries())
    decoder.push(text.endsWith("\r") ? text.slice(0, -1) : text, i + 1);
  decoder.finish();
  return { items, lines: lines.length, otherLines: decoder.otherLines };
}

async function decodeFile(path: string): Promise<Decoded> {
  const items: DecodedItem[] = [];
  const decoder = new NmeaDecoder((item) => items.push(item));
  let lines = 0;
  for await (const count of pushNmeaFile(decoder, path)) lines = count;
  decoder.finish();
  return { items, lines, otherLines: decoder.otherLines };
}

function readMaybeGzip(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

describe("pushNmeaFile", () => {
  it("decodes every real corpus item for item as push does with the lines as text", async () => {
    for (const name of readdirSync(NMEA)) {
      const path = join(NMEA, name);
      const ours = await decodeFile(path);
      expect({ name, ...ours }).toEqual({ name, ...decodeText(readMaybeGzip(path)) });
    }
  });

  it("keeps lines cut at read-chunk ends whole: LF and CRLF, blank lines, comments, no last line end, gzip", async () => {
    const sample = readMaybeGzip(join(NMEA, "dma_aisabnormal_sample_2013-11-12.nmea.gz"))
      .toString("latin1")
      .split(/\r?\n/);
    // About 3 MiB of lines with assorted endings, so that reads of 1 MiB end mid-line.
    let text = "";
    for (let i = 0; text.length < 3 << 20; i++) {
      const line = sample[i % sample.length] ?? "";
      text += line + (i % 3 === 0 ? "\r\n" : "\n");
      if (i % 997 === 0) text += "\n# comment\r\n\r\n";
    }
    text += "!AIVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*00";
    const bytes = Buffer.from(text, "latin1");
    const plain = join(dir, "chunks.nmea");
    const gzip = join(dir, "chunks.nmea.gz");
    writeFileSync(plain, bytes);
    writeFileSync(gzip, gzipSync(bytes));
    const expected = decodeText(bytes);
    expect(expected.items.at(-1)).toMatchObject({ kind: "rejected", reason: "bad_checksum" });
    expect(await decodeFile(plain)).toEqual(expected);
    expect(await decodeFile(gzip)).toEqual(expected);
  });
});
