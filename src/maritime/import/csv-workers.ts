import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { besideModule, startWorker } from "../start-worker.js";
import type { ChunkReply, ChunkRequest } from "./csv-worker.js";
import { type LineRange, LineRangeReader } from "./line-range-reader.js";
import { type CsvLayout, type ParsedCsvChunk, parseCsvChunk } from "./parse-csv-chunk.js";

/** Parses chunks of one CSV file, on worker threads or on this one. */
export interface ChunkParser {
  /** Parses `bytes` (whole lines). */
  parse(bytes: Uint8Array): Promise<ParsedCsvChunk>;
  /** Reads and parses each of `ranges` of a file: a promise a range, in their order. */
  parseRanges(ranges: readonly LineRange[]): Promise<ParsedCsvChunk>[];
  close(): Promise<void>;
}

/**
 * Parsing is the CPU-bound part of a CSV import: it runs on one worker thread per core.
 * `threads` 0 parses on the calling thread, which is cheaper for a small file than starting
 * workers.
 */
export function startChunkParser(layout: CsvLayout, threads: number): ChunkParser {
  if (threads === 0) {
    const reader = new LineRangeReader();
    return {
      parse: async (bytes) => parseCsvChunk(bytes, layout),
      // Each range is read and parsed before the next is read into the same buffer.
      parseRanges: (ranges) =>
        ranges.map(async (range) => parseCsvChunk(reader.read(range), layout)),
      close: async () => {},
    };
  }
  return new WorkerParser(layout, threads);
}

interface Waiting {
  readonly resolve: (parsed: ParsedCsvChunk) => void;
  readonly reject: (error: Error) => void;
  /** The worker whose count of chunks in hand it is in (chunks sent as bytes). */
  readonly worker?: number;
}

class WorkerParser implements ChunkParser {
  private readonly workers: Worker[];
  private readonly inHand: number[];
  private readonly waiting = new Map<number, Waiting>();
  private ids = 0;
  private failed: Error | undefined;
  private closing = false;

  constructor(
    private readonly layout: CsvLayout,
    threads: number,
  ) {
    this.workers = Array.from({ length: threads }, () =>
      startWorker(besideModule("csv-worker", import.meta.url)),
    );
    this.inHand = this.workers.map(() => 0);
    for (const worker of this.workers) {
      worker.on("message", (reply: ChunkReply) => this.settle(reply));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`CSV worker stopped (exit code ${code})`));
      });
    }
  }

  /** Sends `bytes` to the worker with the fewest chunks in hand. */
  parse(bytes: Uint8Array): Promise<ParsedCsvChunk> {
    const worker = this.inHand.indexOf(Math.min(...this.inHand));
    this.inHand[worker] = (this.inHand[worker] as number) + 1;
    const id = this.ids++;
    const settled = this.expect(id, worker);
    const request: ChunkRequest = { kind: "bytes", id, bytes, layout: this.layout };
    this.workers[worker]?.postMessage(request, [bytes.buffer as ArrayBuffer]);
    return settled;
  }

  /**
   * Every worker is sent all the ranges and takes the next one not yet taken, by a counter they
   * share, until none is left: each keeps busy to the end, whatever else this thread or the
   * machine is doing, and none waits for this thread to hand it work.
   */
  parseRanges(ranges: readonly LineRange[]): Promise<ParsedCsvChunk>[] {
    const id = this.ids;
    this.ids += ranges.length;
    const settled = ranges.map((_, index) => this.expect(id + index));
    const next = new Int32Array(new SharedArrayBuffer(4));
    const request: ChunkRequest = { kind: "ranges", id, ranges, next, layout: this.layout };
    for (const worker of this.workers) worker.postMessage(request);
    return settled;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private expect(id: number, worker?: number): Promise<ParsedCsvChunk> {
    return new Promise((resolve, reject) => {
      if (this.failed !== undefined) reject(this.failed);
      else this.waiting.set(id, { resolve, reject, worker });
    });
  }

  private settle(reply: ChunkReply): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if (waiting?.worker !== undefined)
      this.inHand[waiting.worker] = (this.inHand[waiting.worker] as number) - 1;
    if (reply.parsed !== undefined) waiting?.resolve(reply.parsed);
    else waiting?.reject(new Error(reply.error ?? "CSV worker failed"));
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** Worker threads for a file of this many bytes: one a core, none for a small file. */
export function parserThreads(bytes: number, chunkBytes: number): number {
  if (bytes < 2 * chunkBytes) return 0;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(bytes / chunkBytes), 8));
}
