import { describe, expect, it } from "vitest";
import { type DecodedItem, decodeNmea } from "./index.js";
import type { PositionReportA, StaticVoyageData } from "./messages.js";
import {
  armour,
  checksum,
  positionReportBits,
  sentence,
  sentences,
  staticVoyageBits,
} from "./testing.js";

async function decodeAll(lines: readonly string[]): Promise<DecodedItem[]> {
  const items: DecodedItem[] = [];
  for await (const item of decodeNmea(lines)) items.push(item);
  return items;
}

const reasons = (items: readonly DecodedItem[]) =>
  items.flatMap((i) => (i.kind === "rejected" ? [`${i.line}:${i.reason}`] : []));
const messages = (items: readonly DecodedItem[]) =>
  items.flatMap((i) => (i.kind === "message" ? [i] : []));

const KOREA_BAY = {
  mmsi: 445123000,
  lat: 38.7123,
  lon: 125.3456,
  sog: 1.5,
  cog: 271.3,
  heading: 270,
};
const TANKER = {
  mmsi: 445123000,
  imo: 8712362,
  callsign: "HMYG",
  name: "CHON MYONG 1",
  shipType: 80,
  draught: 5.8,
};

describe("decodeNmea", () => {
  it("decodes a constructed position report to the fields it was built from", async () => {
    const [line] = sentences(positionReportBits(KOREA_BAY), 1700000000);
    const [item] = await decodeAll([line ?? ""]);
    expect(item?.kind).toBe("message");
    const m = (item as { message: PositionReportA }).message;
    expect(m).toMatchObject({ id: 1, mmsi: 445123000, sog: 1.5, cog: 271.3, true_heading: 270 });
    expect(m.lat).toBeCloseTo(38.7123, 5);
    expect(m.lon).toBeCloseTo(125.3456, 5);
    expect((item as { time: number }).time).toBe(1700000000);
  });

  it("reassembles a two-part type 5 and reads IMO, name, call sign, type and draught", async () => {
    const lines = sentences(staticVoyageBits(TANKER), 1700000000);
    expect(lines).toHaveLength(2);
    const items = await decodeAll(lines);
    expect(reasons(items)).toEqual([]);
    const m = messages(items)[0]?.message as StaticVoyageData;
    expect(m).toMatchObject({ id: 5, imo_num: 8712362, name: "CHON MYONG 1", callsign: "HMYG" });
    expect(m).toMatchObject({ ship_type: 80, draught: 5.8, destination: "NAMPO" });
  });

  it("reassembles interleaved multi-part messages by sequence id", async () => {
    const a = sentences(staticVoyageBits(TANKER), 1700000000, "1");
    const b = sentences(
      staticVoyageBits({ ...TANKER, mmsi: 273000001, name: "PARTIZAN" }),
      1700000001,
      "2",
    );
    const items = await decodeAll([a[0] ?? "", b[0] ?? "", a[1] ?? "", b[1] ?? ""]);
    expect(reasons(items)).toEqual([]);
    expect(messages(items).map((m) => (m.message as StaticVoyageData).name)).toEqual([
      "CHON MYONG 1",
      "PARTIZAN",
    ]);
  });

  it("counts broken sequences as orphan fragments: a lone second part, a restarted first part, an unfinished group", async () => {
    const a = sentences(staticVoyageBits(TANKER), 1700000000, "3");
    const items = await decodeAll([
      a[1] ?? "", // second part with no first
      a[0] ?? "", // first part, then ...
      a[0] ?? "", // ... a new first part of the same sequence: the earlier one is orphaned
      a[1] ?? "", // completes the second first part
      a[0] ?? "", // never finished
    ]);
    expect(reasons(items).sort()).toEqual([
      "1:orphan_fragment",
      "2:orphan_fragment",
      "5:orphan_fragment",
    ]);
    expect(messages(items)).toHaveLength(1);
  });

  it("refuses a bad checksum, a malformed sentence, a truncated payload and a bad character", async () => {
    const [good] = sentences(positionReportBits(KOREA_BAY));
    const badSum = `${(good ?? "").slice(0, -2)}00`;
    const { payload } = armour(positionReportBits(KOREA_BAY));
    const short = sentence(payload.slice(0, 20), 0);
    const body = `AIVDM,1,1,,A,${payload.slice(0, -1)}~,0`;
    const badChar = `!${body}*${checksum(body)}`;
    const fewFields = `!AIVDM,1,1,,A*${checksum("AIVDM,1,1,,A")}`;
    const items = await decodeAll([badSum, fewFields, short, badChar, "$GPGGA,1*00", ""]);
    expect(reasons(items)).toEqual([
      "1:bad_checksum",
      "2:malformed_sentence",
      "3:short_payload",
      "4:bad_payload",
    ]);
  });

  it("takes the time from a tag block on its own line, a $PGHP header, or a trailing field", async () => {
    const { payload, fillBits } = armour(positionReportBits(KOREA_BAY));
    const plain = sentence(payload, fillBits);
    const tag = "si:AISD,c:1700000100";
    const pghpBody = "PGHP,1,2023,11,14,22,15,0,500,219,,2190067,1,00";
    const items = await decodeAll([
      `\\${tag}*${checksum(tag)}\\`,
      plain,
      `$${pghpBody}*${checksum(pghpBody)}`,
      plain,
      `${plain},1700000300`,
      plain,
    ]);
    expect(messages(items).map((m) => [m.time, m.station])).toEqual([
      [1700000100, "AISD"],
      [Date.UTC(2023, 10, 14, 22, 15, 0, 500) / 1000, null],
      [1700000300, null],
      [null, null],
    ]);
  });

  it("accepts any talker and VDO, and passes types it does not decode through raw", async () => {
    const { payload, fillBits } = armour(positionReportBits(KOREA_BAY));
    const body = `BSVDO,1,1,,B,${payload},${fillBits}`;
    const raw = "AIVDM,1,1,,A,85Mwp`1Kf3aCnsNvBWLi=wQuNhA5t43N`5nCuI=p<IBfVqnMgPGs,0";
    const items = await decodeAll([`!${body}*${checksum(body)}`, `!${raw}*${checksum(raw)}`]);
    const [own, other] = messages(items);
    expect(own?.talker).toBe("BS");
    expect(other?.message).toMatchObject({ id: 8, raw: raw.split(",")[5], fill_bits: 0 });
  });
});
