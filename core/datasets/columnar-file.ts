// The stored form of a parsed dataset: a JSON header and the Table's typed arrays as they are in
// memory, so loading is one read and zero-copy views, without re-parsing CSV or Parquet.
//
// Layout (little-endian, which is every platform Node ships for):
//   bytes 0–7    "MLWBCOL1"
//   bytes 8–11   u32: byte length H of the header JSON
//   bytes 12…    header JSON (UTF-8), zero-padded to a multiple of 8; the data section follows
//   data         per column, each part starting at a multiple of 8:
//                  numeric, boolean, datetime: Float64 values (NaN = missing)
//                  categorical, text: Int32 codes (-1 = missing), then the dictionary as
//                  Uint32 offsets (count + 1) followed by the UTF-8 bytes they index
// Header: { version, rowCount, columns: [{ name, type, values | codes, dictionary? }] }, with each
// part as { offset, byteLength } relative to the data section. The bytes depend only on the
// table, so equal tables give equal files and equal sha256 digests.
import { open, readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Column, ColumnType, Table } from './table.js';
import { columnTypes, isNumericColumn } from './table.js';

const magic = Buffer.from('MLWBCOL1', 'latin1');
const formatVersion = 1;

interface Part {
  offset: number;
  byteLength: number;
}

interface ColumnEntry {
  name: string;
  type: ColumnType;
  values?: Part;
  codes?: Part;
  dictionary?: Part & { count: number };
}

interface Header {
  version: number;
  rowCount: number;
  columns: ColumnEntry[];
}

export class ColumnarFormatError extends Error {
  override name = 'ColumnarFormatError';
}

function align8(value: number): number {
  return Math.ceil(value / 8) * 8;
}

function requireLittleEndian(): void {
  if (os.endianness() !== 'LE') throw new ColumnarFormatError('The columnar dataset format is little-endian; this machine is big-endian.');
}

/** The file's bytes as a list of chunks (typed-array memory is referenced, not copied). */
export function encodeColumnar(table: Table): Uint8Array[] {
  requireLittleEndian();
  const data: Uint8Array[] = [];
  let position = 0;
  const place = (bytes: Uint8Array): Part => {
    const part = { offset: position, byteLength: bytes.byteLength };
    data.push(bytes);
    position += bytes.byteLength;
    const padding = align8(position) - position;
    if (padding > 0) {
      data.push(new Uint8Array(padding));
      position += padding;
    }
    return part;
  };
  const columns = table.columns.map((column): ColumnEntry => {
    if (isNumericColumn(column)) {
      checkLength(column.name, column.values.length, table.rowCount);
      return { name: column.name, type: column.type, values: place(bytesOf(column.values)) };
    }
    checkLength(column.name, column.codes.length, table.rowCount);
    const codes = place(bytesOf(column.codes));
    const { offsets, text } = encodeDictionary(column.dictionary);
    const offsetsPart = place(bytesOf(offsets));
    const textPart = place(text);
    const dictionary = { offset: offsetsPart.offset, byteLength: textPart.offset + textPart.byteLength - offsetsPart.offset, count: column.dictionary.length };
    return { name: column.name, type: column.type, codes, dictionary };
  });
  const header = Buffer.from(JSON.stringify({ version: formatVersion, rowCount: table.rowCount, columns } satisfies Header), 'utf8');
  const prefix = Buffer.alloc(align8(12 + header.byteLength));
  magic.copy(prefix, 0);
  prefix.writeUInt32LE(header.byteLength, 8);
  header.copy(prefix, 12);
  return [prefix, ...data];
}

function checkLength(name: string, length: number, rowCount: number): void {
  if (length !== rowCount) throw new ColumnarFormatError(`Column '${name}' has ${length} values for ${rowCount} rows`);
}

function bytesOf(array: Float64Array | Int32Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function encodeDictionary(dictionary: readonly string[]): { offsets: Uint32Array; text: Uint8Array } {
  const offsets = new Uint32Array(dictionary.length + 1);
  let total = 0;
  for (let index = 0; index < dictionary.length; index++) {
    total += Buffer.byteLength(dictionary[index], 'utf8');
    offsets[index + 1] = total;
  }
  const text = Buffer.allocUnsafe(total);
  for (let index = 0; index < dictionary.length; index++) text.write(dictionary[index], offsets[index], 'utf8');
  return { offsets, text };
}

export async function writeColumnarFile(table: Table, file: string): Promise<number> {
  const handle = await open(file, 'w');
  let size = 0;
  try {
    for (const chunk of encodeColumnar(table)) {
      await handle.write(chunk);
      size += chunk.byteLength;
    }
  } finally {
    await handle.close();
  }
  return size;
}

export async function readColumnarFile(file: string): Promise<Table> {
  return decodeColumnar(await readFile(file));
}

/**
 * Only the named columns of a stored table (in file order; names the file lacks are left out),
 * reading the header and those columns' bytes: a worker comparing a few of many columns does not
 * load the rest.
 */
export async function readColumnarColumns(file: string, names: readonly string[]): Promise<Table> {
  requireLittleEndian();
  const wanted = new Set(names);
  const handle = await open(file, 'r');
  const read = async (position: number, length: number): Promise<Uint8Array> => {
    // An ArrayBuffer of its own: 8-byte aligned, so the typed arrays are views, not copies.
    const bytes = new Uint8Array(new ArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(bytes, done, length - done, position + done);
      if (bytesRead === 0) throw new ColumnarFormatError('Columnar dataset file is truncated');
      done += bytesRead;
    }
    return bytes;
  };
  try {
    const prefix = Buffer.from(await read(0, 12));
    if (!prefix.subarray(0, 8).equals(magic)) throw new ColumnarFormatError('Not a columnar dataset file (bad magic bytes)');
    const headerLength = prefix.readUInt32LE(8);
    const header = JSON.parse(Buffer.from(await read(12, headerLength)).toString('utf8')) as Header;
    if (header.version !== formatVersion) throw new ColumnarFormatError(`Columnar dataset format version ${header.version} is not supported (expected ${formatVersion})`);
    const dataStart = align8(12 + headerLength);
    const columns: Column[] = [];
    for (const entry of header.columns) {
      if (!wanted.has(entry.name)) continue;
      if (entry.values) {
        const values = new Float64Array((await read(dataStart + entry.values.offset, entry.values.byteLength)).buffer);
        checkLength(entry.name, values.length, header.rowCount);
        columns.push({ name: entry.name, type: entry.type as 'numeric' | 'boolean' | 'datetime', values });
        continue;
      }
      const codes = new Int32Array((await read(dataStart + entry.codes!.offset, entry.codes!.byteLength)).buffer);
      checkLength(entry.name, codes.length, header.rowCount);
      const dictionary = decodeDictionary(await read(dataStart + entry.dictionary!.offset, entry.dictionary!.byteLength), entry.dictionary!.count);
      columns.push({ name: entry.name, type: entry.type as 'categorical' | 'text', codes, dictionary });
    }
    return { rowCount: header.rowCount, columns };
  } finally {
    await handle.close();
  }
}

/**
 * The first `rows` rows of a stored table, reading only the bytes they need: the header, the head
 * of each column, and the dictionary entries those rows use (codes are numbered in order of first
 * appearance, so the first rows use the first entries). `totalRows` is the full row count.
 */
export async function readColumnarHead(file: string, rows: number): Promise<{ table: Table; totalRows: number }> {
  requireLittleEndian();
  const handle = await open(file, 'r');
  const read = async (position: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead !== length) throw new ColumnarFormatError('Columnar dataset file is truncated');
    return buffer;
  };
  try {
    const prefix = await read(0, 12);
    if (!prefix.subarray(0, 8).equals(magic)) throw new ColumnarFormatError('Not a columnar dataset file (bad magic bytes)');
    const headerLength = prefix.readUInt32LE(8);
    const header = JSON.parse((await read(12, headerLength)).toString('utf8')) as Header;
    const dataStart = align8(12 + headerLength);
    const count = Math.max(0, Math.min(rows, header.rowCount));
    const columns: Column[] = [];
    for (const entry of header.columns) {
      if (entry.values) {
        const values = new Float64Array(count);
        if (count > 0) new Uint8Array(values.buffer).set(await read(dataStart + entry.values.offset, count * 8));
        columns.push({ name: entry.name, type: entry.type as 'numeric' | 'boolean' | 'datetime', values });
        continue;
      }
      const codes = new Int32Array(count);
      if (count > 0) new Uint8Array(codes.buffer).set(await read(dataStart + entry.codes!.offset, count * 4));
      const used = Math.min(entry.dictionary!.count, codes.reduce((max, code) => Math.max(max, code + 1), 0));
      const offsets = new Uint32Array(used + 1);
      if (used > 0) new Uint8Array(offsets.buffer).set(await read(dataStart + entry.dictionary!.offset, (used + 1) * 4));
      const text = used > 0 ? await read(dataStart + entry.dictionary!.offset + align8((entry.dictionary!.count + 1) * 4), offsets[used]) : Buffer.alloc(0);
      const dictionary = Array.from({ length: used }, (_, index) => text.toString('utf8', offsets[index], offsets[index + 1]));
      columns.push({ name: entry.name, type: entry.type as 'categorical' | 'text', codes, dictionary });
    }
    return { table: { rowCount: count, columns }, totalRows: header.rowCount };
  } finally {
    await handle.close();
  }
}

/** The Table in `bytes`; typed arrays are views into `bytes` wherever alignment allows. */
export function decodeColumnar(bytes: Uint8Array): Table {
  requireLittleEndian();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength < 12 || !buffer.subarray(0, 8).equals(magic)) throw new ColumnarFormatError('Not a columnar dataset file (bad magic bytes)');
  const headerLength = buffer.readUInt32LE(8);
  if (12 + headerLength > buffer.byteLength) throw new ColumnarFormatError('Columnar dataset file is truncated (header)');
  const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as Header;
  if (header.version !== formatVersion) throw new ColumnarFormatError(`Columnar dataset format version ${header.version} is not supported (expected ${formatVersion})`);
  const dataStart = align8(12 + headerLength);
  const slice = (part: Part | undefined, what: string): Uint8Array => {
    if (!part || part.offset < 0 || dataStart + part.offset + part.byteLength > buffer.byteLength) throw new ColumnarFormatError(`Columnar dataset file is truncated (${what})`);
    return buffer.subarray(dataStart + part.offset, dataStart + part.offset + part.byteLength);
  };
  const columns = header.columns.map((entry): Column => {
    if (!(columnTypes as readonly string[]).includes(entry.type)) throw new ColumnarFormatError(`Unknown column type '${entry.type}'`);
    if (entry.type === 'numeric' || entry.type === 'boolean' || entry.type === 'datetime') {
      const values = view(slice(entry.values, entry.name), Float64Array);
      checkLength(entry.name, values.length, header.rowCount);
      return { name: entry.name, type: entry.type, values };
    }
    const codes = view(slice(entry.codes, entry.name), Int32Array);
    checkLength(entry.name, codes.length, header.rowCount);
    return { name: entry.name, type: entry.type, codes, dictionary: decodeDictionary(slice(entry.dictionary, entry.name), entry.dictionary!.count) };
  });
  return { rowCount: header.rowCount, columns };
}

function view<Array extends Float64Array | Int32Array>(bytes: Uint8Array, Type: { new (buffer: ArrayBufferLike, offset: number, length: number): Array; BYTES_PER_ELEMENT: number }): Array {
  const length = bytes.byteLength / Type.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset, length);
  // A buffer that does not start on an 8-byte boundary (e.g. from Node's small-buffer pool): copy.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Type(copy.buffer, 0, length);
}

function decodeDictionary(bytes: Uint8Array, count: number): string[] {
  const offsetBytes = (count + 1) * 4;
  const offsets = new Uint32Array(count + 1);
  new Uint8Array(offsets.buffer).set(bytes.subarray(0, offsetBytes));
  const textStart = align8(offsetBytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + textStart, bytes.byteLength - textStart);
  if (offsets[count] > text.byteLength) throw new ColumnarFormatError('Columnar dataset file is truncated (dictionary)');
  const dictionary = new Array<string>(count);
  for (let index = 0; index < count; index++) dictionary[index] = text.toString('utf8', offsets[index], offsets[index + 1]);
  return dictionary;
}
