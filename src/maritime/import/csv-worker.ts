// A worker thread of the CSV reader (see csv-workers.ts): it parses the chunks it is sent, or
// reads and parses ranges of the file itself, and sends back their columns, transferring the
// typed arrays instead of copying them.
import { parentPort } from "node:worker_threads";
import { type LineRange, LineRangeReader } from "./line-range-reader.js";
import { type CsvLayout, type ParsedCsvChunk, parseCsvChunk } from "./parse-csv-chunk.js";

/** Bytes to parse, or ranges to take one by one: `next` is the index of the next not taken. */
export type ChunkRequest =
  | {
      readonly kind: "bytes";
      readonly id: number;
      readonly bytes: Uint8Array;
      readonly layout: CsvLayout;
    }
  | {
      readonly kind: "ranges";
      /** The first range's reply id; the others follow. */
      readonly id: number;
      readonly ranges: readonly LineRange[];
      readonly next: Int32Array;
      readonly layout: CsvLayout;
    };

export interface ChunkReply {
  readonly id: number;
  readonly parsed?: ParsedCsvChunk;
  readonly error?: string;
}

// One buffer for every range this worker reads: no allocation a chunk.
const reader = new LineRangeReader();

parentPort?.on("message", (request: ChunkRequest) => {
  if (request.kind === "bytes") {
    reply(request.id, () => parseCsvChunk(request.bytes, request.layout));
    return;
  }
  for (;;) {
    const index = Atomics.add(request.next, 0, 1);
    const range = request.ranges[index];
    if (range === undefined) return;
    reply(request.id + index, () => parseCsvChunk(reader.read(range), request.layout));
  }
});

function reply(id: number, parse: () => ParsedCsvChunk): void {
  try {
    const parsed = parse();
    const b = parsed.batch;
    const transfer = [b.line, b.mmsi, b.time, b.lat, b.lon, b.sog, b.cog, b.heading, b.reason];
    const message: ChunkReply = { id, parsed };
    parentPort?.postMessage(
      message,
      transfer.map((array) => array.buffer as ArrayBuffer),
    );
  } catch (error) {
    const message: ChunkReply = {
      id,
      error: error instanceof Error ? error.message : String(error),
    };
    parentPort?.postMessage(message);
  }
}
