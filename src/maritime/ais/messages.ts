/**
 * Decoded AIS messages. Field names follow libais (the ITU-R M.1371 names in snake case), with
 * three exceptions taken from the Cordon issue and gpsd: `lon`/`lat` for libais's `x`/`y`,
 * and `ship_type` for `type_and_cargo`. Positions are degrees (91/181 mean "not available"),
 * speeds knots, courses degrees, dimensions metres, draught metres.
 */

interface Header {
  /** The message type (1–27), libais's `id`. */
  readonly id: number;
  readonly repeat_indicator: number;
  readonly mmsi: number;
}

/** Types 1, 2, 3: Class A position report. */
export interface PositionReportA extends Header {
  readonly id: 1 | 2 | 3;
  readonly nav_status: number;
  readonly rot_over_range: boolean;
  /** Degrees a minute; libais's (raw / 4.733)² with the sign of the raw value. */
  readonly rot: number;
  readonly sog: number;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly cog: number;
  readonly true_heading: number;
  /** UTC second of the report (60 = not available, 61–63 special). */
  readonly timestamp: number;
  readonly special_manoeuvre: number;
  readonly spare: number;
  readonly raim: boolean;
  readonly sync_state: number;
}

/** Types 4 and 11: base station report and UTC/date response. */
export interface BaseStationReport extends Header {
  readonly id: 4 | 11;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly fix_type: number;
  readonly transmission_ctl: number;
  readonly spare: number;
  readonly raim: boolean;
  readonly sync_state: number;
}

/** Type 5: Class A static and voyage data. */
export interface StaticVoyageData extends Header {
  readonly id: 5;
  readonly ais_version: number;
  readonly imo_num: number;
  readonly callsign: string;
  readonly name: string;
  readonly ship_type: number;
  readonly dim_a: number;
  readonly dim_b: number;
  readonly dim_c: number;
  readonly dim_d: number;
  readonly fix_type: number;
  readonly eta_month: number;
  readonly eta_day: number;
  readonly eta_hour: number;
  readonly eta_minute: number;
  readonly draught: number;
  readonly destination: string;
  readonly dte: number;
  readonly spare: number;
}

/** Type 9: standard SAR aircraft position report (sog in whole knots). */
export interface SarAircraftReport extends Header {
  readonly id: 9;
  readonly alt: number;
  readonly sog: number;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly cog: number;
  readonly timestamp: number;
  readonly alt_sensor: number;
  readonly spare: number;
  readonly dte: number;
  readonly spare2: number;
  readonly assigned_mode: number;
  readonly raim: boolean;
}

/** Type 18: Class B position report. */
export interface PositionReportB extends Header {
  readonly id: 18;
  readonly spare: number;
  readonly sog: number;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly cog: number;
  readonly true_heading: number;
  readonly timestamp: number;
  readonly spare2: number;
  readonly unit_flag: number;
  readonly display_flag: number;
  readonly dsc_flag: number;
  readonly band_flag: number;
  readonly m22_flag: number;
  readonly mode_flag: number;
  readonly raim: boolean;
  readonly commstate_flag: number;
}

/** Type 19: extended Class B position report (with name, type and dimensions). */
export interface PositionReportBExtended extends Header {
  readonly id: 19;
  readonly spare: number;
  readonly sog: number;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly cog: number;
  readonly true_heading: number;
  readonly timestamp: number;
  readonly spare2: number;
  readonly name: string;
  readonly ship_type: number;
  readonly dim_a: number;
  readonly dim_b: number;
  readonly dim_c: number;
  readonly dim_d: number;
  readonly fix_type: number;
  readonly raim: boolean;
  readonly dte: number;
  readonly assigned_mode: number;
  readonly spare3: number;
}

/** Type 21: aid-to-navigation report. */
export interface AidToNavigationReport extends Header {
  readonly id: 21;
  readonly aton_type: number;
  /** The name with its extension (bits 272 on) appended. */
  readonly name: string;
  readonly position_accuracy: number;
  readonly lon: number;
  readonly lat: number;
  readonly dim_a: number;
  readonly dim_b: number;
  readonly dim_c: number;
  readonly dim_d: number;
  readonly fix_type: number;
  readonly timestamp: number;
  readonly off_pos: boolean;
  readonly aton_status: number;
  readonly raim: boolean;
  readonly virtual_aton: boolean;
  readonly assigned_mode: boolean;
}

/** Type 24 part A: Class B static data, the name. */
export interface StaticDataA extends Header {
  readonly id: 24;
  readonly part_num: 0;
  readonly name: string;
}

/** Type 24 part B: Class B static data, type, call sign and dimensions. */
export interface StaticDataB extends Header {
  readonly id: 24;
  readonly part_num: 1;
  readonly ship_type: number;
  readonly vendor_id: string;
  readonly callsign: string;
  readonly dim_a: number;
  readonly dim_b: number;
  readonly dim_c: number;
  readonly dim_d: number;
  /** For auxiliary craft (MMSI 98XXXYYYY): the mother ship, in place of the dimensions. */
  readonly mothership_mmsi?: number;
}

/** Type 27: long-range broadcast (satellite), positions to a tenth of a minute. */
export interface LongRangeReport extends Header {
  readonly id: 27;
  readonly position_accuracy: number;
  readonly raim: boolean;
  readonly nav_status: number;
  readonly lon: number;
  readonly lat: number;
  /** Whole knots (63 = not available). */
  readonly sog: number;
  /** Whole degrees (511 = not available). */
  readonly cog: number;
  /** True when the position is from GNSS (libais's `gnss`; the bit is 0 for GNSS). */
  readonly gnss: boolean;
  readonly spare: number;
}

/** Any other type: the header and the payload as received, for tools that know the type. */
export interface RawMessage extends Header {
  readonly raw: string;
  readonly fill_bits: number;
}

export type AisMessage =
  | PositionReportA
  | BaseStationReport
  | StaticVoyageData
  | SarAircraftReport
  | PositionReportB
  | PositionReportBExtended
  | AidToNavigationReport
  | StaticDataA
  | StaticDataB
  | LongRangeReport
  | RawMessage;
