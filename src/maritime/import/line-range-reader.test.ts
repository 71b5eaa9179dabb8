import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LineRangeReader } from "./line-range-reader.js";

const tmp = mkdtempSync(join(tmpdir(), "cordon-line-range-"));

/** The lines of `text` read as ranges of `size` bytes from `from`, each range's text apart. */
function readInRanges(text: string, from: number, size: number): string[] {
  const path = join(tmp, "lines.txt");
  writeFileSync(path, text);
  const fd = openSync(path, "r");
  try {
    const reader = new LineRangeReader();
    const parts: string[] = [];
    const length = Buffer.byteLength(text);
    for (let start = from; start < length; start += size) {
      const range = { fd, start, end: start + size, size: length, atLineStart: start === from };
      parts.push(reader.read(range).toString("utf8"));
    }
    return parts;
  } finally {
    closeSync(fd);
  }
}

describe("LineRangeReader", () => {
  it("reads each line once, whole, in the range it begins in, whatever the ranges' size", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat((i * 37) % 90)}`);
    const text = `header\n${lines.join("\n")}\n`;
    for (const size of [1, 7, 64, 100, 1000, 70000]) {
      const parts = readInRanges(text, 7, size);
      expect(parts.join("")).toBe(`${lines.join("\n")}\n`);
      for (const part of parts) expect(part === "" || part.endsWith("\n")).toBe(true);
    }
  });

  it("keeps a last line without its line end, CRLF line ends, and lines longer than a range", () => {
    const long = "y".repeat(200_000);
    const text = `a\r\nb,${long}\r\nc\r\nlast`;
    for (const size of [1, 3, 5000, 1 << 20]) {
      const parts = readInRanges(text, 0, size);
      expect(parts.join("")).toBe(text);
      expect(parts.some((part) => part.includes(`\nb,${long}\r\n`) || part.startsWith("b,"))).toBe(
        true,
      );
    }
  });
});
