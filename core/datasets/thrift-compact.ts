// Thrift's compact protocol, the encoding of Parquet's page headers and footer: written by the
// Parquet writer and by the test fixtures that build files the writer does not produce.

/** Thrift compact protocol, the encoding of Parquet's page headers and footer. */
export class CompactWriter {
  readonly bytes: number[] = [];
  private readonly lastField: number[] = [0];

  private varint(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.bytes.push(Number(rest));
  }

  private zigzag(value: number | bigint): void {
    const big = BigInt(value);
    this.varint(big >= 0n ? big << 1n : (-big << 1n) - 1n);
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastField[this.lastField.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }

  /** Compact protocol booleans live in the field header: 1 = true, 2 = false. */
  bool(id: number, value: boolean): this {
    this.field(id, value ? 1 : 2);
    return this;
  }

  i8(id: number, value: number): this {
    this.field(id, 3);
    this.bytes.push(value & 0xff);
    return this;
  }

  i32(id: number, value: number): this {
    this.field(id, 5);
    this.zigzag(value);
    return this;
  }

  i64(id: number, value: number | bigint): this {
    this.field(id, 6);
    this.zigzag(value);
    return this;
  }

  string(id: number, value: string): this {
    this.field(id, 8);
    this.binaryValue(value);
    return this;
  }

  private binaryValue(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.varint(BigInt(encoded.length));
    for (const byte of encoded) this.bytes.push(byte);
  }

  struct(id: number, body: (writer: this) => void): this {
    this.field(id, 12);
    return this.structValue(body);
  }

  structValue(body: (writer: this) => void): this {
    this.lastField.push(0);
    body(this);
    this.bytes.push(0);
    this.lastField.pop();
    return this;
  }

  private listHeader(id: number, elementType: number, size: number): void {
    this.field(id, 9);
    if (size < 15) this.bytes.push((size << 4) | elementType);
    else {
      this.bytes.push(0xf0 | elementType);
      this.varint(BigInt(size));
    }
  }

  i32List(id: number, values: readonly number[]): this {
    this.listHeader(id, 5, values.length);
    for (const value of values) this.zigzag(value);
    return this;
  }

  stringList(id: number, values: readonly string[]): this {
    this.listHeader(id, 8, values.length);
    for (const value of values) this.binaryValue(value);
    return this;
  }

  structList<Item>(id: number, items: readonly Item[], body: (writer: this, item: Item) => void): this {
    this.listHeader(id, 12, items.length);
    for (const item of items) this.structValue((writer) => body(writer, item));
    return this;
  }

  /** A whole top-level struct (page header, footer): its fields plus the stop byte. */
  finish(): Buffer {
    return Buffer.from([...this.bytes, 0]);
  }
}
