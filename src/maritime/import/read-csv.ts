import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { Invalid } from "../../model/index.js";
import { parserThreads, startChunkParser } from "./csv-workers.js";
import type { CsvLayout, ParsedCsvChunk, RawIdentity } from "./parse-csv-chunk.js";
import type { PositionBatch } from "./position-batch.js";
import { isGzip, readHead } from "./read-lines.js";

/** The delimiters a CSV header is sniffed for, the most frequent outside quotes wins. */
const DELIMITERS = [44, 59, 9, 124]; // , ; tab |

/** A CSV's header: its column names and delimiter. */
export interface CsvHeader {
  readonly columns: readonly string[];
  readonly delimiter: number;
}

/** Reads the header line of a CSV file (gzip or not); throws Invalid for an empty file. */
export async function readCsvHeader(path: string): Promise<CsvHeader> {
  const [first] = await readHead(path, 1);
  const line = (first ?? "").replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "");
  if (line.trim() === "")
    throw new Invalid("bad_csv", `${path}: empty file, no header`, [
      { file: path, line: 1, message: "no header line" },
    ]);
  const unquoted = line.replace(/"[^"]*"/g, "");
  const counts = DELIMITERS.map((d) => unquoted.split(String.fromCharCode(d)).length);
  const delimiter = DELIMITERS[counts.indexOf(Math.max(...counts))] as number;
  return { columns: splitHeader(line, String.fromCharCode(delimiter)), delimiter };
}

function splitHeader(line: string, delimiter: string): string[] {
  const columns: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quoted) {
      if (char !== '"') field += char;
      else if (line[i + 1] === '"') field += line[++i];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      columns.push(field);
      field = "";
    } else field += char;
  }
  columns.push(field);
  return columns;
}

/** What reading a CSV's rows gives: positions in chunks, identities merged, rows read. */
export interface CsvRows {
  readonly batches: readonly PositionBatch[];
  readonly identities: readonly RawIdentity[];
  readonly rows: number;
}

/** Bytes a chunk holds: large enough that a worker's reply costs little, small enough to spread. */
export const CSV_CHUNK_BYTES = 4 << 20;

/**
 * Reads the rows of a CSV file (after its header) by `layout`, in chunks of whole lines parsed
 * on worker threads, and numbers them by their line in the file. Throws Invalid naming the
 * first line with fewer fields than the layout needs, and for a truncated gzip file.
 */
export async function readCsvRows(
  path: string,
  size: number,
  layout: CsvLayout,
  onBytes: (bytes: number) => void,
  options: { readonly chunkBytes?: number; readonly threads?: number } = {},
): Promise<CsvRows> {
  const chunkBytes = options.chunkBytes ?? CSV_CHUNK_BYTES;
  const parser = startChunkParser(layout, options.threads ?? parserThreads(size, chunkBytes));
  const pending: Promise<ParsedCsvChunk>[] = [];
  const gathered = new Gathered(path);
  const inFlight = 4;
  try {
    for await (const chunk of lineChunks(path, chunkBytes, onBytes)) {
      const parsed = parser.parse(chunk);
      // Awaited in order below; if an earlier chunk fails first, this one's failure is moot.
      parsed.catch(() => {});
      pending.push(parsed);
      if (pending.length >= inFlight)
        gathered.add(await (pending.shift() as Promise<ParsedCsvChunk>));
    }
    for (const next of pending) gathered.add(await next);
  } finally {
    await parser.close();
  }
  return gathered.result();
}

/** Chunks come back in order: each is numbered from the lines of those before it. */
class Gathered {
  private readonly batches: PositionBatch[] = [];
  private readonly identities = new Map<string, RawIdentity>();
  private linesBefore = 1; // the header
  private rows = 0;

  constructor(private readonly path: string) {}

  add(chunk: ParsedCsvChunk): void {
    const short = chunk.shortRows[0];
    if (short !== undefined) {
      const line = this.linesBefore + short;
      throw new Invalid(
        "bad_csv",
        `${this.path}:${line}: the row has fewer fields than the header`,
        [{ file: this.path, line, message: "row with missing fields" }],
      );
    }
    const batch = chunk.batch;
    for (let i = 0; i < batch.rows; i++)
      batch.line[i] = (batch.line[i] as number) + this.linesBefore;
    this.batches.push(batch);
    this.rows += batch.rows;
    this.linesBefore += chunk.lines;
    for (const identity of chunk.identities) {
      const key = `${identity.mmsi}\u0001${identity.fields.join("\u0001")}`;
      const known = this.identities.get(key);
      if (known === undefined) this.identities.set(key, identity);
      else {
        known.first = Math.min(known.first, identity.first);
        known.last = Math.max(known.last, identity.last);
      }
    }
  }

  result(): CsvRows {
    return { batches: this.batches, identities: [...this.identities.values()], rows: this.rows };
  }
}

/**
 * The file's bytes after the header, cut after a line end, about `chunkBytes` a chunk, each in
 * a buffer of its own (it is handed to a worker). The pieces read are copied once, into the
 * chunk; only the unfinished line after the cut is copied again. A cut never falls inside a
 * quoted field.
 */
async function* lineChunks(
  path: string,
  chunkBytes: number,
  onBytes: (bytes: number) => void,
): AsyncIterable<Uint8Array> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: Math.min(chunkBytes, 1 << 20) });
  raw.on("data", (piece) => onBytes(piece.length));
  const source = gzip ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  raw.on("error", (error) => source.destroy(error));
  let pieces: Uint8Array[] = [];
  let size = 0;
  let header = true;
  try {
    for await (const piece of source) {
      pieces.push(piece as Buffer);
      size += (piece as Buffer).length;
      if (size < chunkBytes) continue;
      const bytes = joined(pieces, size);
      let start = 0;
      if (header) {
        start = Buffer.from(bytes.buffer).indexOf(10) + 1;
        if (start === 0) continue;
        header = false;
      }
      const cut = lastLineEnd(bytes, start);
      if (cut === -1) continue;
      pieces = [bytes.slice(cut + 1)];
      size = (pieces[0] as Uint8Array).length;
      yield bytes.subarray(start, cut + 1);
    }
  } catch (error) {
    throw new Invalid("bad_compression", `${path}: not a complete gzip file`, [
      { file: path, message: `corrupt or truncated data: ${(error as Error).message}` },
    ]);
  }
  const rest = joined(pieces, size);
  const start = header ? rest.indexOf(10) + 1 : 0;
  if (start > 0 || !header) if (rest.length > start) yield rest.subarray(start);
}

/** The pieces copied into one new buffer, which then stands for them in `pieces`. */
function joined(pieces: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  pieces.length = 0;
  pieces.push(out);
  return out;
}

/** The last line end of `bytes` (from `start`) outside double quotes; -1 if none. */
function lastLineEnd(chunk: Uint8Array, start: number): number {
  // A Buffer's indexOf and lastIndexOf are memchr; a typed array's are loops.
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const last = bytes.lastIndexOf(10);
  if (last < start) return -1;
  if (bytes.indexOf(34, start) === -1) return last;
  let quoted = false;
  let cut = -1;
  for (let at = start; at < bytes.length; at++) {
    const byte = bytes[at];
    if (byte === 34) quoted = !quoted;
    else if (byte === 10 && !quoted) cut = at;
  }
  return cut;
}
