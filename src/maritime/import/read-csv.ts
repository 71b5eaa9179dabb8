import { type FileHandle, open } from "node:fs/promises";
import { Invalid } from "../../model/index.js";
import { type ChunkParser, parserThreads, startChunkParser } from "./csv-workers.js";
import type { LineRange } from "./line-range-reader.js";
import type { CsvLayout, ParsedCsvChunk, RawIdentity } from "./parse-csv-chunk.js";
import type { PositionBatch } from "./position-batch.js";
import { isGzip, readLineChunks } from "./read-lines.js";

/** The delimiters a CSV header is sniffed for, the most frequent outside quotes wins. */
const DELIMITERS = [44, 59, 9, 124]; // , ; tab |

/** A CSV's header: its column names and delimiter. */
export interface CsvHeader {
  readonly columns: readonly string[];
  readonly delimiter: number;
}

/** The columns and delimiter of a CSV's header line; throws Invalid for an empty one. */
export function parseCsvHeader(path: string, first: string | undefined): CsvHeader {
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

/** Chunks of a gzip file read ahead of those parsed: the stream is read on this thread. */
const GZIP_CHUNKS_AHEAD = 4;

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
  const gzip = await isGzip(path);
  const file = gzip ? undefined : await open(path, "r");
  try {
    const parser = startChunkParser(layout, options.threads ?? parserThreads(size, chunkBytes));
    const gathered = new Gathered(path);
    try {
      if (file === undefined) await parseStream(path, chunkBytes, parser, gathered, onBytes);
      else await parseRanges(file, chunkBytes, parser, gathered, onBytes);
    } finally {
      // Before the file is closed: a worker may still be reading it.
      await parser.close();
    }
    return gathered.result();
  } finally {
    await file?.close();
  }
}

/**
 * An uncompressed file is cut into ranges of `chunkBytes` that the workers read themselves
 * (each the whole lines that begin in its range), so that this thread only gathers: reading
 * it here and copying its lines into chunks cost a core's second for ten million rows, most of
 * it collecting the garbage, while the workers waited.
 */
async function parseRanges(
  file: FileHandle,
  chunkBytes: number,
  parser: ChunkParser,
  gathered: Gathered,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const { size } = await file.stat();
  const dataStart = await headerEnd(file, size);
  onBytes(dataStart);
  const ranges: LineRange[] = [];
  for (let start = dataStart; start < size; start += chunkBytes) {
    const end = Math.min(size, start + chunkBytes);
    ranges.push({ fd: file.fd, start, end, size, atLineStart: start === dataStart });
  }
  const parsed = parser.parseRanges(ranges);
  // Awaited in order below; if an earlier chunk fails first, a later one's failure is moot.
  for (const chunk of parsed) chunk.catch(() => {});
  for (const [index, chunk] of parsed.entries()) {
    gathered.add(await chunk);
    const range = ranges[index] as LineRange;
    onBytes(range.end - range.start);
  }
}

/** Where the header line ends: after its "\n", or at the file's end. */
async function headerEnd(file: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(64 << 10);
  for (let at = 0; at < size; at += buffer.length) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
    const newline = buffer.subarray(0, bytesRead).indexOf(10);
    if (newline !== -1) return at + newline + 1;
    if (bytesRead === 0) break;
  }
  return size;
}

/** A gzip file is read as a stream, here, and its chunks of lines are sent to the workers. */
async function parseStream(
  path: string,
  chunkBytes: number,
  parser: ChunkParser,
  gathered: Gathered,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const pending: Promise<ParsedCsvChunk>[] = [];
  for await (const bytes of lineChunks(path, chunkBytes, onBytes)) {
    const parsed = parser.parse(bytes);
    // Awaited in order below; if an earlier chunk fails first, this one's failure is moot.
    parsed.catch(() => {});
    pending.push(parsed);
    if (pending.length >= GZIP_CHUNKS_AHEAD)
      gathered.add(await (pending.shift() as Promise<ParsedCsvChunk>));
  }
  for (const next of pending) gathered.add(await next);
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
 * The (gunzipped) file's bytes after the header, whole lines about `chunkBytes` a chunk, each
 * copied into a buffer of its own: it is handed to a worker, and the read pieces are the
 * stream's.
 */
async function* lineChunks(
  path: string,
  chunkBytes: number,
  onBytes: (bytes: number) => void,
): AsyncIterable<Uint8Array> {
  let pieces: Buffer[] = [];
  let size = 0;
  let header = true;
  for await (let piece of readLineChunks(path, onBytes, Math.min(chunkBytes, 1 << 20))) {
    if (header) {
      const end = piece.indexOf(10);
      if (end === -1) continue;
      header = false;
      piece = piece.subarray(end + 1);
    }
    pieces.push(piece);
    size += piece.length;
    if (size < chunkBytes) continue;
    yield joined(pieces, size);
    pieces = [];
    size = 0;
  }
  if (size > 0) yield joined(pieces, size);
}

function joined(pieces: readonly Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
