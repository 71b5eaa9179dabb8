import { Invalid } from "../../model/index.js";

/** The fields a CSV row can give, mapped to the file's column names. */
export interface ColumnMapping {
  readonly mmsi: string;
  readonly time: string;
  readonly lat: string;
  readonly lon: string;
  readonly sog?: string;
  readonly cog?: string;
  readonly heading?: string;
  readonly imo?: string;
  readonly name?: string;
  readonly callsign?: string;
  readonly shipType?: string;
  readonly length?: string;
  readonly width?: string;
  readonly draught?: string;
  /** A strptime format for the time column (e.g. `%d/%m/%Y %H:%M:%S`); default: ISO 8601 or epoch. */
  readonly timeFormat?: string;
}

export type CsvFormatName = "dma" | "noaa" | "generic";

export interface CsvFormat {
  readonly name: CsvFormatName;
  readonly mapping: ColumnMapping;
}

/** The Danish Maritime Authority's daily CSV (web.ais.dk/aisdata). */
const DMA: ColumnMapping = {
  mmsi: "MMSI",
  time: "# Timestamp",
  lat: "Latitude",
  lon: "Longitude",
  sog: "SOG",
  cog: "COG",
  heading: "Heading",
  imo: "IMO",
  name: "Name",
  callsign: "Callsign",
  shipType: "Ship type",
  length: "Length",
  width: "Width",
  draught: "Draught",
  timeFormat: "%d/%m/%Y %H:%M:%S",
};

/** The US MarineCadastre (NOAA/BOEM) AIS CSV. */
const NOAA: ColumnMapping = {
  mmsi: "MMSI",
  time: "BaseDateTime",
  lat: "LAT",
  lon: "LON",
  sog: "SOG",
  cog: "COG",
  heading: "Heading",
  imo: "IMO",
  name: "VesselName",
  callsign: "CallSign",
  shipType: "VesselType",
  length: "Length",
  width: "Width",
  draught: "Draft",
};

/** Column names a generic CSV is recognised by (lower case), first match wins. */
const SYNONYMS: Readonly<Record<keyof Omit<ColumnMapping, "timeFormat">, readonly string[]>> = {
  mmsi: ["mmsi", "ssvid", "mmsi_number", "id"],
  time: [
    "timestamp",
    "# timestamp",
    "basedatetime",
    "base_date_time",
    "datetime",
    "time",
    "timestamp_utc",
    "ais_pos_timestamp",
    "date_time",
  ],
  lat: ["lat", "latitude", "y"],
  lon: ["lon", "long", "longitude", "lng", "x"],
  sog: ["sog", "speed", "speed_knots"],
  cog: ["cog", "course"],
  heading: ["heading", "true_heading", "hdg"],
  imo: ["imo", "imo_number"],
  name: ["name", "shipname", "vesselname", "vessel_name", "ship_name"],
  callsign: ["callsign", "call_sign"],
  shipType: ["ship_type", "shiptype", "vesseltype", "vessel_type", "type_and_cargo"],
  length: ["length"],
  width: ["width", "beam"],
  draught: ["draught", "draft"],
};

/**
 * Recognises a CSV by its header: DMA by `# Timestamp` with `Type of mobile`, NOAA by
 * `BaseDateTime` with `LAT`; anything else is generic, its columns found by the usual names
 * (or given by `mapping`). Throws Invalid naming each required column that is missing.
 */
export function recognizeCsv(
  file: string,
  columns: readonly string[],
  requested?: CsvFormatName,
  mapping?: Partial<ColumnMapping>,
): CsvFormat {
  const has = (name: string) => columns.includes(name);
  const name: CsvFormatName =
    requested ??
    (mapping !== undefined
      ? "generic"
      : has("# Timestamp") && has("Type of mobile")
        ? "dma"
        : has("BaseDateTime") && has("MMSI")
          ? "noaa"
          : "generic");
  const resolved =
    name === "dma"
      ? { ...DMA, ...mapping }
      : name === "noaa"
        ? { ...NOAA, ...mapping }
        : { ...guessMapping(columns), ...mapping };
  const missing = (Object.entries(resolved) as [string, string | undefined][])
    .filter(([field, column]) => field !== "timeFormat" && column !== undefined && !has(column))
    .map(([field, column]) => ({ field, column: column as string }));
  const required = (["mmsi", "time", "lat", "lon"] as const).filter(
    (f) => resolved[f] === undefined,
  );
  if (missing.length > 0 || required.length > 0)
    throw new Invalid(
      "missing_column",
      `${file}: ${name} CSV lacks ${[
        ...missing.map((m) => `column "${m.column}"`),
        ...required.map((f) => `a ${f} column`),
      ].join(", ")} (columns present: ${columns.join(", ")})`,
      [
        ...missing.map((m) => ({
          file,
          line: 1,
          field: m.column,
          message: `missing column for ${m.field}`,
        })),
        ...required.map((f) => ({
          file,
          line: 1,
          field: f,
          message: `no column recognised as ${f}; give --mapping ${f}=COLUMN`,
        })),
      ],
    );
  if (name === "dma") return { name, mapping: resolved as ColumnMapping };
  return { name, mapping: resolved as ColumnMapping };
}

function guessMapping(columns: readonly string[]): Partial<ColumnMapping> {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const mapping: Record<string, string> = {};
  for (const [field, names] of Object.entries(SYNONYMS)) {
    const found = names.map((n) => lower.get(n)).find((c) => c !== undefined);
    if (found !== undefined) mapping[field] = found;
  }
  return mapping as Partial<ColumnMapping>;
}

/** Parses `mmsi=ID,time=ais_pos_timestamp,lat=latitude,lon=longitude` (the CLI's --mapping). */
export function parseMapping(text: string): Partial<ColumnMapping> {
  const fields = new Set([...Object.keys(SYNONYMS), "timeFormat"]);
  const mapping: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const field = pair.slice(0, eq).trim();
    if (eq < 1 || !fields.has(field))
      throw new Invalid(
        "usage",
        `--mapping: "${pair}" is not FIELD=COLUMN with FIELD one of ${[...fields].join(", ")}`,
      );
    mapping[field] = pair.slice(eq + 1).trim();
  }
  return mapping as Partial<ColumnMapping>;
}
