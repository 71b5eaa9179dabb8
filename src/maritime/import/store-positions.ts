import type { DuckDBConnection } from "@duckdb/node-api";
import { type Columnar, chunkColumn, ParquetWriter, streamChunks } from "../../store/index.js";
import {
  newSegmentPath,
  registerSegment,
  SEGMENT_COLUMNS,
  segmentFiles,
  segmentSource,
} from "../position-segments.js";
import { FileRows, groupByVessel, type VesselRows } from "./group-by-vessel.js";
import { type PositionBatch, REJECT_REASON_CODES, reasonCode } from "./position-batch.js";
import { addRejects, type RejectCounts } from "./reject-reasons.js";
import { VesselColumns } from "./vessel-columns.js";

const OUT_OF_ORDER = reasonCode("out_of_order");
const DUPLICATE = reasonCode("duplicate");
/**
 * Rows copied into vessel order at a time (40 bytes each, 160 MB): bounds the copy of a big
 * file, at the cost of one more pass over its batches a group (one group of ten million rows
 * took as long as three, and 220 MB more).
 */
const GROUP_ROWS = 1 << 22;
/** Rows a Parquet row group holds: DuckDB's own row group size, its unit of parallel scans. */
const ROW_GROUP_ROWS = 122_880;

export interface StorePositionsOptions {
  /** Refuse positions earlier than the vessel's latest before them by more than this. */
  readonly maxReorderSeconds: number | null;
  /** Rows copied into vessel order at a time; GROUP_ROWS unless a test wants several groups. */
  readonly groupRows?: number;
}

/** What storePositions stored: how many positions, in which segment (none when 0). */
export interface StoredPositions {
  readonly positions: number;
  readonly segment: string | null;
}

/**
 * Checks and stores the positions of one file, read by any format, inside the caller's
 * transaction: rows refused already are counted under their reason; with `maxReorderSeconds`,
 * a row earlier than the latest of its vessel's good rows before it by more than that is
 * out_of_order; of rows with the same (mmsi, time) the first line is kept, and a row whose
 * (mmsi, time) is stored already is a duplicate. The rest are written, in (mmsi, time) order,
 * to a new Parquet segment registered in the transaction (see position-segments.ts); should
 * the caller roll back, it deletes the returned segment.
 *
 * The rows are copied into vessel order (a counting sort: one pass over the file, writing
 * each vessel's rows one after the other), a group of vessels at a time; then each vessel's
 * rows are checked where they lie, sorted only when the file did not have them in time order,
 * and written from there. Gathering rows into vessel order instead (reading each vessel's
 * rows from the batches, two thousand rows apart) missed the cache on every value: 9 s of
 * 13 on ten million rows, against about 1 s for the three passes of the copy.
 * Throws when the batches' lines are not ascending (batches out of file order).
 */
export async function storePositions(
  columnar: Columnar,
  batches: readonly PositionBatch[],
  options: StorePositionsOptions,
  rejected: RejectCounts,
): Promise<StoredPositions> {
  const connection = await columnar.connect();
  const file = new FileRows(batches);
  const counts = new ReasonCounts();
  countRefused(file, counts);
  const vessels = groupByVessel(file);
  const stored = new StoredTimes(await readStoredKeys(columnar, connection, vessels));
  const groups = vesselGroups(vessels.bounds, options.groupRows ?? GROUP_ROWS);
  const rowsOf = ([first, end]: readonly [number, number]) =>
    (vessels.bounds[end] as number) - (vessels.bounds[first] as number);
  const columns = new VesselColumns(
    groups.reduce((most, group) => Math.max(most, rowsOf(group)), 0),
  );
  const check = new VesselCheck(file, columns, stored, options.maxReorderSeconds, counts);
  const segment = new SegmentWrite(newSegmentPath(columnar));
  try {
    for (const [first, end] of groups) {
      columns.gather(file, vessels, first, end);
      segment.write(columns, check.group(vessels, first, end));
    }
    counts.addTo(rejected);
    const positions = segment.finish();
    if (positions === 0) return { positions: 0, segment: null };
    await registerSegment(columnar, connection, segment.path, positions);
    return { positions, segment: segment.path };
  } catch (error) {
    segment.abort();
    throw error;
  }
}

/** A segment being written: opened at its first row, so that storing nothing writes no file. */
class SegmentWrite {
  private writer: ParquetWriter | null = null;

  constructor(readonly path: string) {}

  /** Writes the first `rows` rows of the columns, checked and in (mmsi, time) order. */
  write(columns: VesselColumns, rows: number): void {
    if (rows === 0) return;
    this.writer ??= new ParquetWriter(this.path, SEGMENT_COLUMNS);
    const list = columns.list();
    for (let start = 0; start < rows; start += ROW_GROUP_ROWS)
      this.writer.writeRowGroup(list, start, Math.min(ROW_GROUP_ROWS, rows - start));
  }

  /** Closes the file, flushed to disk; how many positions it holds. */
  finish(): number {
    return this.writer?.finish() ?? 0;
  }

  abort(): void {
    this.writer?.abort();
  }
}

/** Rejections by reason code, with the first line of each. */
class ReasonCounts {
  private readonly count = new Float64Array(REJECT_REASON_CODES.length + 1);
  private readonly first = new Float64Array(REJECT_REASON_CODES.length + 1).fill(
    Number.POSITIVE_INFINITY,
  );

  add(code: number, line: number): void {
    this.count[code] = (this.count[code] as number) + 1;
    if (line < (this.first[code] as number)) this.first[code] = line;
  }

  addTo(rejected: RejectCounts): void {
    REJECT_REASON_CODES.forEach((reason, i) => {
      const count = this.count[i + 1] as number;
      if (count > 0) addRejects(rejected, reason, count, this.first[i + 1] as number);
    });
  }
}

/** Counts the rows refused already, and checks the lines ascend across the batches. */
function countRefused(file: FileRows, counts: ReasonCounts): void {
  let last = 0;
  for (const { rows, line, reason } of file.batches)
    for (let i = 0; i < rows; i++) {
      const at = line[i] as number;
      if (at <= last) throw new Error(`line ${at} after line ${last}: batches out of file order`);
      last = at;
      const code = reason[i] as number;
      if (code === 0) continue;
      if (code > REJECT_REASON_CODES.length) throw new Error(`line ${at}: reason code ${code}`);
      counts.add(code, at);
    }
}

/** Consecutive vessels [first, end) of at most `rows` rows (or one bigger vessel). */
function vesselGroups(bounds: Float64Array, rows: number): [number, number][] {
  const vessels = bounds.length - 1;
  const groups: [number, number][] = [];
  for (let first = 0; first < vessels; ) {
    let end = first + 1;
    while (end < vessels && (bounds[end + 1] as number) - (bounds[first] as number) <= rows) end++;
    groups.push([first, end]);
    first = end;
  }
  return groups;
}

/** Stored (mmsi, time) of the file's vessels within its time span, in (mmsi, time) order. */
interface StoredKeys {
  readonly mmsi: Uint32Array;
  readonly time: Float64Array;
}

async function readStoredKeys(
  columnar: Columnar,
  connection: DuckDBConnection,
  vessels: VesselRows,
): Promise<StoredKeys> {
  const files = vessels.mmsi.length === 0 ? [] : await segmentFiles(columnar, connection);
  if (files.length === 0) return { mmsi: new Uint32Array(0), time: new Float64Array(0) };
  const result = await connection.stream(`
    SELECT mmsi, time FROM ${segmentSource(files)}
    WHERE mmsi IN (${vessels.mmsi.join(",")})
      AND time BETWEEN ${vessels.earliest}::DOUBLE AND ${vessels.latest}::DOUBLE
    ORDER BY mmsi, time`);
  const mmsi: Uint32Array[] = [];
  const time: Float64Array[] = [];
  for await (const chunk of streamChunks(result)) {
    mmsi.push(chunkColumn(chunk.getColumnVector(0), chunk.rowCount, Uint32Array).slice());
    time.push(chunkColumn(chunk.getColumnVector(1), chunk.rowCount, Float64Array).slice());
  }
  return { mmsi: concat(mmsi, Uint32Array), time: concat(time, Float64Array) };
}

function concat<T extends Uint32Array | Float64Array>(
  parts: readonly T[],
  Type: { new (n: number): T },
): T {
  const out = new Type(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The stored times of one vessel after another, in MMSI order. */
class StoredTimes {
  private at = 0;
  /** The range of `keys` holding the vessel last asked for. */
  start = 0;
  end = 0;

  constructor(readonly keys: StoredKeys) {}

  /** Moves to `mmsi`, which must not be below the MMSI asked for before. */
  seek(mmsi: number): void {
    const all = this.keys.mmsi;
    while (this.at < all.length && (all[this.at] as number) < mmsi) this.at++;
    this.start = this.at;
    while (this.at < all.length && all[this.at] === mmsi) this.at++;
    this.end = this.at;
  }
}

/** The checks of each vessel's rows, where VesselColumns holds them. */
class VesselCheck {
  constructor(
    private readonly file: FileRows,
    private readonly columns: VesselColumns,
    private readonly stored: StoredTimes,
    private readonly maxReorderSeconds: number | null,
    private readonly counts: ReasonCounts,
  ) {}

  /**
   * Checks vessels [first, end), gathered, and moves the rows kept to the front in (mmsi, time)
   * order, with their MMSI in `row`; returns how many.
   */
  group(vessels: VesselRows, first: number, end: number): number {
    const base = vessels.bounds[first] as number;
    let kept = 0;
    for (let v = first; v < end; v++) {
      const lo = (vessels.bounds[v] as number) - base;
      const hi = (vessels.bounds[v + 1] as number) - base;
      const late = this.maxReorderSeconds === null ? hi : this.refuseLate(lo, hi);
      if (!isAscending(this.columns.positions.time, lo, late)) this.columns.sortByTime(lo, late);
      const mmsi = vessels.mmsi[v] as number;
      this.stored.seek(mmsi);
      const from = kept;
      kept = this.keepFirsts(lo, late, kept);
      this.columns.row.fill(mmsi, from, kept);
    }
    return kept;
  }

  /**
   * Refuses the rows of lo..hi earlier than the latest before them by over the tolerance and
   * moves the others up; returns where they end.
   */
  private refuseLate(lo: number, hi: number): number {
    const { row } = this.columns;
    const { time } = this.columns.positions;
    const seconds = this.maxReorderSeconds ?? Number.POSITIVE_INFINITY;
    let latest = Number.NEGATIVE_INFINITY;
    let n = lo;
    for (let k = lo; k < hi; k++) {
      const t = time[k] as number;
      if (t < latest - seconds) {
        this.counts.add(OUT_OF_ORDER, this.file.line(row[k] as number));
        continue;
      }
      if (t > latest) latest = t;
      if (n !== k) this.columns.move(k, n);
      n++;
    }
    return n;
  }

  /**
   * Refuses the rows of lo..hi (in time order) whose time the row before has, or that are
   * stored, and moves the others to `to` onwards; returns where they end.
   */
  private keepFirsts(lo: number, hi: number, to: number): number {
    const { row } = this.columns;
    const { time } = this.columns.positions;
    const { stored } = this;
    const storedTime = stored.keys.time;
    let at = stored.start;
    let previous = Number.NaN;
    let kept = to;
    for (let k = lo; k < hi; k++) {
      const t = time[k] as number;
      const repeated = t === previous;
      previous = t;
      while (at < stored.end && (storedTime[at] as number) < t) at++;
      if (repeated || (at < stored.end && storedTime[at] === t))
        this.counts.add(DUPLICATE, this.file.line(row[k] as number));
      else {
        if (kept !== k) this.columns.move(k, kept);
        kept++;
      }
    }
    return kept;
  }
}

function isAscending(time: Float64Array, lo: number, hi: number): boolean {
  for (let k = lo + 1; k < hi; k++) if ((time[k] as number) < (time[k - 1] as number)) return false;
  return true;
}
