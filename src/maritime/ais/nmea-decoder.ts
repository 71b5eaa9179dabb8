import { decodePayload } from "./decode-payload.js";
import type { AisMessage } from "./messages.js";
import { parseLine, type TagBlock, type VdmSentence } from "./sentence.js";

/** Why a line or a message was refused by the decoder. */
export type DecodeRejectReason =
  | "malformed_sentence"
  | "bad_checksum"
  | "orphan_fragment"
  | "bad_payload"
  | "short_payload";

/** One decoded message, with where and when it was received. */
export interface DecodedMessage {
  readonly kind: "message";
  /** The line of the message's last sentence (1-based). */
  readonly line: number;
  /** Receiver time, epoch seconds (tag block `c:`, `$PGHP`, or a trailing field); null if none. */
  readonly time: number | null;
  readonly station: string | null;
  readonly channel: string;
  readonly talker: string;
  readonly message: AisMessage;
}

/** A sentence (or a message's sentences) refused, with the reason and the line. */
export interface RejectedLine {
  readonly kind: "rejected";
  readonly line: number;
  readonly reason: DecodeRejectReason;
  readonly text: string;
}

export type DecodedItem = DecodedMessage | RejectedLine;

interface PendingGroup {
  readonly total: number;
  readonly firstLine: number;
  readonly time: number | null;
  readonly station: string | null;
  next: number;
  payload: string;
  readonly lines: { line: number; text: string }[];
}

/**
 * A multi-part message left unfinished this many lines after its first sentence is given up:
 * receivers send the parts back to back, so a later part never arrives after that.
 */
const MAX_GROUP_SPAN_LINES = 200;

/**
 * The stateful decoder: feed it lines in order, it emits messages and rejections. Parts of
 * multi-sentence messages are matched by sequence id, channel and source (or tag-block group),
 * so interleaved messages reassemble; a part out of turn, a part whose group is gone, or a
 * group never finished is an orphan. Pending tag blocks and `$PGHP` headers on their own lines
 * apply to the next sentence.
 */
export class NmeaDecoder {
  private readonly groups = new Map<string, PendingGroup>();
  private pendingTag: TagBlock | null = null;
  private pendingTime: number | null = null;
  private sinceSweep = 0;
  /** Lines that are neither AIS sentences nor their headers ($PSTT, comments, blank). */
  otherLines = 0;

  constructor(private readonly emit: (item: DecodedItem) => void) {}

  /** Takes one line (without its line ending). */
  push(text: string, line: number): void {
    if (text.length === 0 || text.charCodeAt(0) === 35 /* # */) {
      this.otherLines++;
      return;
    }
    const parsed = parseLine(text);
    switch (parsed.kind) {
      case "vdm":
        this.pushSentence(parsed.sentence, text, line);
        return;
      case "tag":
        this.pendingTag = parsed.tag;
        return;
      case "header":
        this.pendingTime = parsed.time;
        return;
      case "other":
        this.otherLines++;
        return;
      case "bad_checksum":
      case "malformed_sentence":
        this.emit({ kind: "rejected", line, reason: parsed.kind, text });
        this.pendingTag = null;
        this.pendingTime = null;
        return;
    }
  }

  /** Ends the input: groups still waiting for parts are orphans. */
  finish(): void {
    for (const group of this.groups.values()) this.orphan(group);
    this.groups.clear();
  }

  private pushSentence(sentence: VdmSentence, text: string, line: number): void {
    const tag = sentence.tag ?? this.pendingTag;
    const time = tag?.time ?? this.pendingTime ?? sentence.trailingTime;
    const station = tag?.station ?? sentence.trailingStation;
    this.pendingTag = null;
    this.pendingTime = null;
    if (sentence.total === 1) {
      this.emitDecoded(sentence, sentence.payload, line, time, station, text);
      return;
    }
    if (++this.sinceSweep >= 1024) this.sweep(line);
    const key = groupKey(sentence, tag);
    const group = this.groups.get(key);
    if (sentence.part === 1) {
      if (group !== undefined) this.orphan(group);
      this.groups.set(key, {
        total: sentence.total,
        firstLine: line,
        time,
        station,
        next: 2,
        payload: sentence.payload,
        lines: [{ line, text }],
      });
      return;
    }
    if (group === undefined || group.next !== sentence.part || group.total !== sentence.total) {
      if (group !== undefined) {
        this.orphan(group);
        this.groups.delete(key);
      }
      this.emit({ kind: "rejected", line, reason: "orphan_fragment", text });
      return;
    }
    group.payload += sentence.payload;
    group.lines.push({ line, text });
    group.next++;
    if (sentence.part === sentence.total) {
      this.groups.delete(key);
      const joined = group.lines.map((l) => l.text).join("\n");
      this.emitDecoded(sentence, group.payload, line, group.time, group.station, joined);
    }
  }

  private emitDecoded(
    sentence: VdmSentence,
    payload: string,
    line: number,
    time: number | null,
    station: string | null,
    text: string,
  ): void {
    const message = decodePayload(payload, sentence.fillBits);
    if (typeof message === "string") {
      this.emit({ kind: "rejected", line, reason: message, text });
      return;
    }
    this.emit({
      kind: "message",
      line,
      time,
      station,
      channel: sentence.channel,
      talker: sentence.talker,
      message,
    });
  }

  private orphan(group: PendingGroup): void {
    for (const part of group.lines)
      this.emit({ kind: "rejected", line: part.line, reason: "orphan_fragment", text: part.text });
  }

  private sweep(line: number): void {
    this.sinceSweep = 0;
    for (const [key, group] of this.groups) {
      if (line - group.firstLine > MAX_GROUP_SPAN_LINES) {
        this.orphan(group);
        this.groups.delete(key);
      }
    }
  }
}

/**
 * Parts belong together by tag-block group, else by sequence id, channel and the station of
 * the line's own tag block (a merged satellite feed reuses sequence ids across stations; a
 * tag block on a line of its own is sent before the first part only, so it cannot key).
 */
function groupKey(sentence: VdmSentence, tag: TagBlock | null): string {
  if (tag?.group != null) return `g${tag.group.id}`;
  return `${sentence.sequence}|${sentence.channel}|${sentence.total}|${sentence.tag?.station ?? ""}`;
}
