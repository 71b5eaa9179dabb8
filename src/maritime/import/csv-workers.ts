import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ChunkRequest } from "./csv-worker.js";
import { type CsvLayout, type ParsedCsvChunk, parseCsvChunk } from "./parse-csv-chunk.js";

/** Parses chunks of one CSV file, in order, on worker threads or on this one. */
export interface ChunkParser {
  /** Parses `bytes` (whole lines); the promise settles in the order chunks were sent. */
  parse(bytes: Uint8Array): Promise<ParsedCsvChunk>;
  close(): Promise<void>;
}

/**
 * Parsing is the CPU-bound part of a CSV import (9.3 s on one core for ten million NOAA rows,
 * 5.6 s on two): chunks go to one worker thread per core, each parses its own. `threads` 0
 * parses on the calling thread, which is cheaper for a small file than starting workers.
 */
export function startChunkParser(layout: CsvLayout, threads: number): ChunkParser {
  if (threads === 0)
    return {
      parse: async (bytes) => parseCsvChunk(bytes, layout),
      close: async () => {},
    };
  const workers = Array.from({ length: threads }, startWorker);
  const waiting = new Map<
    number,
    { resolve: (p: ParsedCsvChunk) => void; reject: (e: Error) => void }
  >();
  for (const worker of workers) {
    worker.on("message", (reply: { id: number; parsed?: ParsedCsvChunk; error?: string }) => {
      const entry = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.parsed !== undefined) entry?.resolve(reply.parsed);
      else entry?.reject(new Error(reply.error ?? "CSV worker failed"));
    });
    worker.on("error", (error) => {
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
    });
  }
  let sent = 0;
  return {
    parse(bytes) {
      const id = sent++;
      const worker = workers[id % workers.length] as Worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const request: ChunkRequest = { id, bytes, layout };
        worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** Worker threads for a file of this many bytes: one a core, none for a small file. */
export function parserThreads(bytes: number, chunkBytes: number): number {
  if (bytes < 2 * chunkBytes) return 0;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(bytes / chunkBytes), 8));
}

/**
 * The worker's module: compiled JavaScript beside this file, or, when Cordon runs from its
 * TypeScript sources (tsx, vitest), the source loaded through tsx inside the worker.
 */
function startWorker(): Worker {
  const url = new URL(
    import.meta.url.endsWith(".ts") ? "./csv-worker.ts" : "./csv-worker.js",
    import.meta.url,
  );
  if (!url.pathname.endsWith(".ts")) return new Worker(url);
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}
