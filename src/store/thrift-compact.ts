/**
 * Thrift's compact protocol, the writing half and only the types Parquet's footer and page
 * headers use (i32, i64, bool, byte, binary, list, struct). Fields are written in ascending id
 * order, as the protocol's delta encoding of field ids expects.
 */

const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const BYTE = 3;
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

/** Element types a list may hold here. */
export type ThriftListType = "i32" | "binary" | "struct";

const LIST_TYPES: Readonly<Record<ThriftListType, number>> = {
  i32: I32,
  binary: BINARY,
  struct: STRUCT,
};

export class ThriftWriter {
  private bytes = new Uint8Array(256);
  private length = 0;
  /** The id of the last field written in each open struct, innermost last. */
  private readonly lastField: number[] = [0];

  /** The bytes written so far. */
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  i32(id: number, value: number): this {
    this.field(id, I32);
    this.varint(zigzag32(value));
    return this;
  }

  i64(id: number, value: number): this {
    this.field(id, I64);
    this.varint64(value);
    return this;
  }

  bool(id: number, value: boolean): this {
    this.field(id, value ? BOOL_TRUE : BOOL_FALSE);
    return this;
  }

  byte(id: number, value: number): this {
    this.field(id, BYTE);
    this.push(value & 0xff);
    return this;
  }

  binary(id: number, value: Uint8Array): this {
    this.field(id, BINARY);
    this.rawBinary(value);
    return this;
  }

  string(id: number, value: string): this {
    return this.binary(id, new TextEncoder().encode(value));
  }

  /** Opens a struct field; its fields follow, then end(). */
  struct(id: number): this {
    this.field(id, STRUCT);
    this.lastField.push(0);
    return this;
  }

  /** Closes the innermost struct (a field's, a list element's, or the top one). */
  end(): this {
    this.push(0);
    this.lastField.pop();
    return this;
  }

  /** A list field of i32 values. */
  i32List(id: number, values: readonly number[]): this {
    this.listHeader(id, "i32", values.length);
    for (const value of values) this.varint(zigzag32(value));
    return this;
  }

  /** A list field of strings. */
  stringList(id: number, values: readonly string[]): this {
    this.listHeader(id, "binary", values.length);
    for (const value of values) this.rawBinary(new TextEncoder().encode(value));
    return this;
  }

  /** A list field of structs: `write` is called for each, between its begin and end. */
  structList<T>(id: number, items: readonly T[], write: (item: T, w: this) => void): this {
    this.listHeader(id, "struct", items.length);
    for (const item of items) {
      this.lastField.push(0);
      write(item, this);
      this.end();
    }
    return this;
  }

  private listHeader(id: number, type: ThriftListType, size: number): void {
    this.field(id, LIST);
    const element = LIST_TYPES[type];
    if (size < 15) this.push((size << 4) | element);
    else {
      this.push(0xf0 | element);
      this.varint(size);
    }
  }

  private field(id: number, type: number): void {
    const last = this.lastField.length - 1;
    const delta = id - (this.lastField[last] as number);
    if (delta > 0 && delta <= 15) this.push((delta << 4) | type);
    else {
      this.push(type);
      this.varint(zigzag32(id));
    }
    this.lastField[last] = id;
  }

  private rawBinary(value: Uint8Array): void {
    this.varint(value.length);
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** An unsigned varint of up to 32 bits. */
  private varint(value: number): void {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.push(v);
  }

  /** A zigzag varint of an integer up to 2^53 (file offsets, row counts). */
  private varint64(value: number): void {
    let v = BigInt(value);
    v = v >= 0n ? v << 1n : (-v << 1n) - 1n;
    while (v >= 0x80n) {
      this.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.push(Number(v));
  }

  private push(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const wider = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    wider.set(this.bytes.subarray(0, this.length));
    this.bytes = wider;
  }
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}
