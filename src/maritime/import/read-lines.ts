import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import { Invalid } from "../../model/index.js";

/** Whether the file starts with the gzip magic bytes. */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The first `count` lines of a file (gunzipped if need be), for recognising its format. */
export async function readHead(path: string, count = 5): Promise<string[]> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let bytes = buffer.subarray(0, bytesRead);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: a prefix is enough */ });
      } catch (error) {
        throw new Invalid("bad_compression", `${path}: not a readable gzip file`, [
          { file: path, message: `corrupt gzip data: ${(error as Error).message}` },
        ]);
      }
    }
    return bytes.toString("latin1").split("\n").slice(0, count).map(stripCr);
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a file (gunzipped if need be) a read (`readBytes`, 1 MiB by default) at a time,
 * each cut after its last line end so that it holds whole lines (the file's last line may lack
 * its "\n"); `forEachLine` takes them apart. For decoders that parse bytes: no string is made.
 */
export async function* readLineChunks(
  path: string,
  onBytes: (bytes: number) => void = () => {},
  readBytes = 1 << 20,
): AsyncIterable<Buffer> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: readBytes });
  raw.on("data", (chunk) => onBytes(chunk.length));
  const source = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (error) => source.destroy(error));
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      const first = bytes.indexOf(10);
      if (first === -1) {
        pending = Buffer.concat([pending, bytes]);
        continue;
      }
      // The line cut at the previous chunk's end is joined alone: copying the whole chunk
      // onto it cost more than the lines' splitting.
      let from = 0;
      if (pending.length > 0) {
        yield Buffer.concat([pending, bytes.subarray(0, first + 1)]);
        from = first + 1;
      }
      const cut = bytes.lastIndexOf(10) + 1;
      if (cut > from) yield bytes.subarray(from, cut);
      // Copied: a view of the few bytes left would keep the whole chunk alive.
      pending = Buffer.from(bytes.subarray(cut));
    }
  } catch (error) {
    if (error instanceof Invalid) throw error;
    throw new Invalid("bad_compression", `${path}: not a complete gzip file`, [
      { file: path, message: `corrupt or truncated data: ${(error as Error).message}` },
    ]);
  }
  if (pending.length > 0) yield pending;
}

/**
 * Calls `visit` with the byte range of each line of `chunk` (without "\n" or the "\r" before
 * it), the same lines as `readLines`, numbered on from `line`; returns the last line's number.
 */
export function forEachLine(
  chunk: Buffer,
  line: number,
  visit: (bytes: Buffer, start: number, end: number, line: number) => void,
): number {
  let start = 0;
  let number = line;
  while (start < chunk.length) {
    let next = chunk.indexOf(10, start);
    if (next === -1) next = chunk.length;
    const end = next > start && chunk[next - 1] === 13 ? next - 1 : next;
    visit(chunk, start, end, ++number);
    start = next + 1;
  }
  return number;
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
