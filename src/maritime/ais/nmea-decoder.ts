import { latin1 } from "../bytes.js";
import { decodePayload, decodePayloadBytes } from "./decode-payload.js";
import type { AisMessage } from "./messages.js";
import { LineScanner, type TagBlock } from "./sentence.js";

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
  private readonly scanner = new LineScanner();
  private pendingTag: TagBlock | null = null;
  private pendingTime: number | null = null;
  private sinceSweep = 0;
  /** Lines that are neither AIS sentences nor their headers ($PSTT, comments, blank). */
  otherLines = 0;

  constructor(private readonly emit: (item: DecodedItem) => void) {}

  /** Takes one line (without its line ending), Latin-1 text. */
  push(text: string, line: number): void {
    const bytes = Buffer.from(text, "latin1");
    this.pushLine(bytes, 0, bytes.length, line, text);
  }

  /**
   * Takes the line in bytes [start, end) (without its line ending), read as Latin-1: `push`
   * with no string made of the line, for logs read a buffer at a time.
   */
  pushBytes(bytes: Uint8Array, start: number, end: number, line: number): void {
    this.pushLine(bytes, start, end, line, null);
  }

  /** Ends the input: groups still waiting for parts are orphans. */
  finish(): void {
    for (const group of this.groups.values()) this.orphan(group);
    this.groups.clear();
  }

  /** `text` is the line's text when the caller has it, else it is made when needed. */
  private pushLine(
    bytes: Uint8Array,
    start: number,
    end: number,
    line: number,
    text: string | null,
  ): void {
    if (start === end || bytes[start] === 35 /* # */) {
      this.otherLines++;
      return;
    }
    const kind = this.scanner.scan(bytes, start, end);
    switch (kind) {
      case "vdm":
        this.pushSentence(bytes, start, end, line, text);
        return;
      case "tag":
        this.pendingTag = this.scanner.tag;
        return;
      case "header":
        this.pendingTime = this.scanner.time;
        return;
      case "other":
        this.otherLines++;
        return;
      case "bad_checksum":
      case "malformed_sentence":
        this.pendingTag = null;
        this.pendingTime = null;
        this.reject(line, kind, text ?? latin1(bytes, start, end));
        return;
    }
  }

  private pushSentence(
    bytes: Uint8Array,
    start: number,
    end: number,
    line: number,
    text: string | null,
  ): void {
    const s = this.scanner;
    const ownTag = s.tag;
    const tag = ownTag ?? this.pendingTag;
    const time = tag?.time ?? this.pendingTime ?? s.trailingTime;
    const station = tag?.station ?? s.trailingStation;
    this.pendingTag = null;
    this.pendingTime = null;
    if (s.total === 1) {
      const message = decodePayloadBytes(bytes, s.payloadStart, s.payloadEnd, s.fillBits);
      if (typeof message !== "string") this.emitMessage(message, line, time, station);
      else this.reject(line, message, text ?? latin1(bytes, start, end));
      return;
    }
    if (++this.sinceSweep >= 1024) this.sweep(line);
    const key = groupKey(s.sequence(bytes), s.channel, s.total, tag, ownTag);
    const group = this.groups.get(key);
    const lineText = text ?? latin1(bytes, start, end);
    if (s.part === 1) {
      const pending: PendingGroup = {
        total: s.total,
        firstLine: line,
        time,
        station,
        next: 2,
        payload: s.payload(bytes),
        lines: [{ line, text: lineText }],
      };
      if (group !== undefined) this.orphan(group);
      this.groups.set(key, pending);
      return;
    }
    if (group === undefined || group.next !== s.part || group.total !== s.total) {
      if (group !== undefined) {
        this.orphan(group);
        this.groups.delete(key);
      }
      this.reject(line, "orphan_fragment", lineText);
      return;
    }
    group.payload += s.payload(bytes);
    group.lines.push({ line, text: lineText });
    group.next++;
    if (s.part === s.total) {
      this.groups.delete(key);
      const message = decodePayload(group.payload, s.fillBits);
      if (typeof message !== "string") this.emitMessage(message, line, group.time, group.station);
      else this.reject(line, message, group.lines.map((l) => l.text).join("\n"));
    }
  }

  /** Emits a message with the talker and channel of the sentence last scanned. */
  private emitMessage(
    message: AisMessage,
    line: number,
    time: number | null,
    station: string | null,
  ): void {
    const { talker, channel } = this.scanner;
    this.emit({ kind: "message", line, time, station, channel, talker, message });
  }

  private reject(line: number, reason: DecodeRejectReason, text: string): void {
    this.emit({ kind: "rejected", line, reason, text });
  }

  private orphan(group: PendingGroup): void {
    for (const part of group.lines) this.reject(part.line, "orphan_fragment", part.text);
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
function groupKey(
  sequence: string,
  channel: string,
  total: number,
  tag: TagBlock | null,
  ownTag: TagBlock | null,
): string {
  if (tag?.group != null) return `g${tag.group.id}`;
  return `${sequence}|${channel}|${total}|${ownTag?.station ?? ""}`;
}
