import { forEachLine, readLineChunks } from "../import/read-lines.js";
import { type DecodedItem, NmeaDecoder } from "./nmea-decoder.js";

/**
 * Decodes NMEA 0183 AIS lines (any talker, `!xxVDM`/`!xxVDO`, tag blocks, `$PGHP`, trailing
 * receiver fields) into messages and rejections, in input order; lines are numbered from 1.
 * Never throws on bad input: each bad sentence comes back as a `rejected` item with its reason.
 */
export async function* decodeNmea(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncIterable<DecodedItem> {
  let out: DecodedItem[] = [];
  const decoder = new NmeaDecoder((item) => out.push(item));
  let line = 0;
  for await (const text of lines) {
    decoder.push(stripLineEnd(text), ++line);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  decoder.finish();
  yield* out;
}

/**
 * Feeds the lines of an NMEA log file (gzip too) to `decoder` as bytes, a read chunk (about
 * 1 MiB) at a time, and yields the number of lines fed so far after each chunk (the caller
 * flushes its output there). Does not call `decoder.finish()`.
 */
export async function* pushNmeaFile(
  decoder: NmeaDecoder,
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncIterable<number> {
  let line = 0;
  const push = decoder.pushBytes.bind(decoder);
  for await (const chunk of readLineChunks(path, onBytes)) {
    line = forEachLine(chunk, line, push);
    yield line;
  }
}

function stripLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 32)) end--;
  return end === text.length ? text : text.slice(0, end);
}
