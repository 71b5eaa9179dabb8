import { createWriteStream } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CordonError } from "../model/index.js";

/**
 * Downloads a list from its publisher to a temporary file and returns the file's path.
 * Throws CordonError("download_failed") naming the URL and the reason (HTTP status, network).
 */
export async function fetchList(url: string, timeoutMs = 120_000): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new CordonError("download_failed", `could not download ${url}: ${reason}`, {
      cause: error,
    });
  }
  if (!response.ok || response.body === null) {
    throw new CordonError(
      "download_failed",
      `could not download ${url}: HTTP ${response.status} ${response.statusText}`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "cordon-list-"));
  const path = join(dir, "download");
  await pipeline(
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
    createWriteStream(path),
  );
  return path;
}
