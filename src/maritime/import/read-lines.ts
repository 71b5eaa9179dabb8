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
 * The lines of a text file (without line endings), gzip recognised by its magic bytes. Read as
 * Latin-1: NMEA is ASCII and a decoder that cannot fail on a stray byte keeps a bad byte a bad
 * sentence, not a crash. `onBytes` counts raw bytes read, for progress.
 */
export async function* readLines(
  path: string,
  onBytes: (bytes: number) => void = () => {},
): AsyncIterable<string> {
  for await (const batch of readLineBatches(path, onBytes)) yield* batch;
}

/**
 * The same lines a read chunk (about 1 MiB) at a time: one promise a chunk, not a line, which
 * is a third of the decoding time of a large log.
 */
export async function* readLineBatches(
  path: string,
  onBytes: (bytes: number) => void = () => {},
): AsyncIterable<string[]> {
  const gzip = await isGzip(path);
  // The byte counter and the pipe attach in the same tick: a "data" listener starts the flow.
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  raw.on("data", (chunk) => onBytes(chunk.length));
  const source = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (error) => source.destroy(error));
  let pending = "";
  try {
    for await (const chunk of source) {
      const text = pending + (chunk as Buffer).toString("latin1");
      const lines = text.split("\n");
      pending = lines.pop() ?? "";
      if (text.includes("\r"))
        for (let i = 0; i < lines.length; i++) lines[i] = stripCr(lines[i] ?? "");
      yield lines;
    }
  } catch (error) {
    if (error instanceof Invalid) throw error;
    throw new Invalid("bad_compression", `${path}: not a complete gzip file`, [
      { file: path, message: `corrupt or truncated data: ${(error as Error).message}` },
    ]);
  }
  if (pending.length > 0) yield [stripCr(pending)];
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
