// A protobuf wire-format reader over positioned reads of a file, through one reusable window:
// model files can be gigabytes of weights, and a scan must walk their structure while skipping
// the weights by length, so memory stays at the window size whatever the file size.
import { ValidationError } from '../api/errors.js';

/** Positioned reads of a fixed-size byte sequence (a FileHandle satisfies `read`). */
export interface ByteSource {
  readonly size: number;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export const wireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** A field tag as read, with where it starts, so errors can point at the byte. */
export interface Field {
  message: string;
  number: number;
  wireType: number;
  start: number;
}

/** Names a field for error messages ("ModelProto.graph"); given the message and field number. */
export type FieldNamer = (message: string, number: number) => string;

/** A varint is at most 10 bytes; lengths and tags are varints too. */
const maxVarintBytes = 10;
/** Strings we keep (names, metadata) are small; one this long means the file is not what it claims. */
const maxStringBytes = 64 * 1024 * 1024;
const wireTypeNames = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

export class WireReader {
  /** File offset of the next byte to read. */
  position = 0;
  private readonly window: Uint8Array;
  private windowStart = 0;
  private windowLength = 0;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly source: ByteSource,
    private readonly nameField: FieldNamer,
    windowBytes = 1 << 20,
  ) {
    this.window = new Uint8Array(windowBytes);
  }

  get size(): number {
    return this.source.size;
  }

  /** Reads the next field tag of `message`, whose bytes end at `end`. */
  async nextField(message: string, end: number): Promise<Field> {
    const start = this.position;
    const tag = await this.readVarint(end, () => `a field tag in ${message}`);
    const number = Math.floor(tag / 8);
    const type = tag % 8;
    if (number === 0) throw this.notOnnx(`${message} has a field numbered 0 at byte ${start}`);
    if (type > 5) throw this.notOnnx(`${message} has a field with wire type ${type} at byte ${start}`);
    // ONNX is proto3-style and never writes groups; a group tag means these bytes are something else.
    if (type === 3 || type === 4) throw this.notOnnx(`${message} has a field with wire type ${type} (${wireTypeNames[type]}) at byte ${start}`);
    return { message, number, wireType: type, start };
  }

  /** The value of a varint field (int32, int64, enum), as a number. */
  async varint(field: Field, end: number): Promise<number> {
    this.expect(field, wireType.varint);
    return this.readVarint(end, () => `field ${this.nameField(field.message, field.number)}`);
  }

  /** Reads a length-delimited field's length and returns where its content ends; the reader is at its start. */
  async enter(field: Field, end: number): Promise<number> {
    this.expect(field, wireType.lengthDelimited);
    const label = (): string => `field ${this.nameField(field.message, field.number)}`;
    const length = await this.readVarint(end, label);
    this.checkSpan(field.start, this.position + length, end, label);
    return this.position + length;
  }

  async string(field: Field, end: number): Promise<string> {
    const contentEnd = await this.enter(field, end);
    const length = contentEnd - this.position;
    if (length > maxStringBytes) throw this.notOnnx(`field ${this.nameField(field.message, field.number)} at byte ${field.start} is a ${length}-byte string`);
    let bytes: Uint8Array;
    if (length <= this.window.length) {
      await this.load(length);
      const offset = this.position - this.windowStart;
      bytes = this.window.subarray(offset, offset + length);
    } else {
      bytes = new Uint8Array(length);
      await this.fill(bytes, this.position);
    }
    this.position = contentEnd;
    return this.decoder.decode(bytes);
  }

  /** Moves past a field's value without reading it (for length-delimited ones, not even its bytes). */
  async skip(field: Field, end: number): Promise<void> {
    const label = (): string => `field ${this.nameField(field.message, field.number)}`;
    if (field.wireType === wireType.varint) {
      await this.readVarint(end, label);
      return;
    }
    const width = field.wireType === wireType.fixed64 ? 8 : field.wireType === wireType.fixed32 ? 4 : undefined;
    const valueEnd = width === undefined ? await this.enter(field, end) : this.position + width;
    this.checkSpan(field.start, valueEnd, end, label);
    this.position = valueEnd;
  }

  private expect(field: Field, type: number): void {
    if (field.wireType === type) return;
    throw this.notOnnx(
      `field ${this.nameField(field.message, field.number)} at byte ${field.start} has wire type ${field.wireType} (${wireTypeNames[field.wireType]}) where ${type} (${wireTypeNames[type]}) is expected`,
    );
  }

  /** A value that ends past the file is a cut-off file; past its enclosing message, a malformed one. */
  private checkSpan(start: number, valueEnd: number, end: number, label: () => string): void {
    if (valueEnd > this.source.size) throw this.truncated(label(), start);
    if (valueEnd > end) throw this.notOnnx(`${label()} at byte ${start} runs past the end of its enclosing message`);
  }

  private async readVarint(end: number, label: () => string): Promise<number> {
    const start = this.position;
    await this.load(Math.min(maxVarintBytes, this.source.size - start));
    const offset = start - this.windowStart;
    const limit = Math.min(end, this.windowStart + this.windowLength) - this.windowStart;
    let value = 0;
    for (let index = 0; index < maxVarintBytes; index++) {
      if (offset + index >= limit) {
        if (end >= this.source.size) throw this.truncated(label(), start);
        throw this.notOnnx(`${label()} at byte ${start} runs past the end of its enclosing message`);
      }
      const byte = this.window[offset + index];
      value += (byte & 0x7f) * 2 ** (7 * index);
      if (byte < 0x80) {
        this.position = start + index + 1;
        // Past 7 bytes a double loses bits; int64 fields (negative dims, -1 versions) need exact two's complement.
        return index < 7 ? value : this.wideVarint(offset, index + 1);
      }
    }
    throw this.notOnnx(`${label()} at byte ${start} is a varint longer than ${maxVarintBytes} bytes`);
  }

  private wideVarint(offset: number, length: number): number {
    let value = 0n;
    for (let index = length - 1; index >= 0; index--) value = (value << 7n) | BigInt(this.window[offset + index] & 0x7f);
    return Number(BigInt.asIntN(64, value));
  }

  /** Makes `count` bytes from the current position available in the window (count ≤ window size). */
  private async load(count: number): Promise<void> {
    const windowEnd = this.windowStart + this.windowLength;
    if (this.position >= this.windowStart && this.position + count <= windowEnd) return;
    const length = Math.min(this.window.length, this.source.size - this.position);
    this.windowLength = 0;
    await this.fill(this.window.subarray(0, length), this.position);
    this.windowStart = this.position;
    this.windowLength = length;
  }

  private async fill(target: Uint8Array, position: number): Promise<void> {
    let filled = 0;
    while (filled < target.length) {
      const { bytesRead } = await this.source.read(target, filled, target.length - filled, position + filled);
      if (bytesRead === 0) throw new ValidationError(`the model file shrank while it was read (expected ${this.source.size} bytes)`);
      filled += bytesRead;
    }
  }

  private truncated(what: string, start: number): ValidationError {
    return new ValidationError(`truncated ONNX file: ${what} at byte ${start} runs past the end (file is ${this.source.size} bytes)`);
  }

  private notOnnx(reason: string): ValidationError {
    return new ValidationError(`not an ONNX model: ${reason}`);
  }
}
