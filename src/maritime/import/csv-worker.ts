// A worker thread of the CSV reader (see csv-workers.ts): it parses the chunks it is sent and
// sends back their columns, transferring the typed arrays instead of copying them.
import { parentPort } from "node:worker_threads";
import { type CsvLayout, parseCsvChunk } from "./parse-csv-chunk.js";

export interface ChunkRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly layout: CsvLayout;
}

parentPort?.on("message", ({ id, bytes, layout }: ChunkRequest) => {
  try {
    const parsed = parseCsvChunk(bytes, layout);
    const b = parsed.batch;
    const transfer = [b.line, b.mmsi, b.time, b.lat, b.lon, b.sog, b.cog, b.heading, b.reason];
    parentPort?.postMessage(
      { id, parsed },
      transfer.map((array) => array.buffer as ArrayBuffer),
    );
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
