// Test support: writes small Parquet files (PLAIN encoding, data page v1, uncompressed or GZIP,
// flat columns plus one-level structs), because no Parquet writer is installed here. Enough of the
// format to exercise the importer's type mapping, nulls, row groups and refusals; not a general
// writer. Format: https://github.com/apache/parquet-format (parquet.thrift, Encodings.md).
import { gzipSync } from 'node:zlib';
import { CompactWriter } from './thrift-compact.js';

export type FixtureType = 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';
export type FixtureAnnotation = 'UTF8' | 'DATE' | 'TIME_MILLIS' | 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS' | 'JSON';
export type FixtureValue = boolean | number | bigint | string | null;

export interface FixtureColumn {
  name: string;
  type: FixtureType;
  annotation?: FixtureAnnotation;
  /** Wraps the column in an optional struct of this name (a nested column). */
  struct?: string;
  values: FixtureValue[];
}

const typeIds: Record<FixtureType, number> = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 };
const annotationIds: Record<FixtureAnnotation, number> = { UTF8: 0, DATE: 6, TIME_MILLIS: 7, TIMESTAMP_MILLIS: 9, TIMESTAMP_MICROS: 10, JSON: 19 };
const codecIds = { UNCOMPRESSED: 0, GZIP: 2, ZSTD: 6 } as const;
const optional = 1;
const plain = 0;
const rle = 3;


function plainValues(type: FixtureType, values: FixtureValue[]): Buffer {
  if (type === 'BOOLEAN') {
    const bytes = Buffer.alloc(Math.ceil(values.length / 8));
    values.forEach((value, index) => {
      if (value) bytes[index >> 3] |= 1 << (index & 7);
    });
    return bytes;
  }
  const parts = values.map((value) => {
    if (type === 'BYTE_ARRAY') {
      const text = Buffer.from(String(value), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      return Buffer.concat([length, text]);
    }
    const bytes = Buffer.alloc(type === 'INT32' || type === 'FLOAT' ? 4 : 8);
    if (type === 'INT32') bytes.writeInt32LE(Number(value));
    else if (type === 'INT64') bytes.writeBigInt64LE(BigInt(value as number | bigint));
    else if (type === 'FLOAT') bytes.writeFloatLE(Number(value));
    else bytes.writeDoubleLE(Number(value));
    return bytes;
  });
  return Buffer.concat(parts);
}

/** Definition levels as runs of the RLE/bit-packing hybrid, with the 4-byte length prefix. */
function definitionLevels(levels: number[], maxLevel: number): Buffer {
  const width = Math.ceil(Math.log2(maxLevel + 1));
  const bytes: number[] = [];
  for (let start = 0; start < levels.length; ) {
    let end = start;
    while (end < levels.length && levels[end] === levels[start]) end++;
    let header = (end - start) << 1;
    while (header >= 0x80) {
      bytes.push((header & 0x7f) | 0x80);
      header >>>= 7;
    }
    bytes.push(header);
    for (let byte = 0; byte < Math.ceil(width / 8); byte++) bytes.push((levels[start] >> (8 * byte)) & 0xff);
    start = end;
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
}

export function writeParquetFixture(columns: FixtureColumn[], options: { rowGroupSize?: number; codec?: keyof typeof codecIds } = {}): Buffer {
  const rowCount = columns[0]?.values.length ?? 0;
  const groupSize = options.rowGroupSize ?? Math.max(1, rowCount);
  const codec = options.codec ?? 'UNCOMPRESSED';
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const rowGroups: Array<{ rows: number; size: number; columns: Array<{ column: FixtureColumn; offset: number; size: number; uncompressed: number; values: number }> }> = [];
  for (let start = 0; start < rowCount; start += groupSize) {
    const rows = Math.min(groupSize, rowCount - start);
    const group = { rows, size: 0, columns: [] as (typeof rowGroups)[number]['columns'] };
    for (const column of columns) {
      const slice = column.values.slice(start, start + rows);
      const maxLevel = column.struct ? 2 : 1;
      const levels = slice.map((value) => (value === null ? (column.struct ? 1 : 0) : maxLevel));
      const page = Buffer.concat([definitionLevels(levels, maxLevel), plainValues(column.type, slice.filter((value) => value !== null))]);
      const stored = codec === 'GZIP' ? gzipSync(page) : page;
      // A PageHeader: DATA_PAGE, sizes, then the DataPageHeader; the trailing 0 ends the struct.
      const pageHeader = new CompactWriter()
        .i32(1, 0)
        .i32(2, page.length)
        .i32(3, stored.length)
        .struct(5, (writer) => writer.i32(1, slice.length).i32(2, plain).i32(3, rle).i32(4, rle));
      const header = Buffer.from([...pageHeader.bytes, 0]);
      chunks.push(header, stored);
      group.columns.push({ column, offset, size: header.length + stored.length, uncompressed: header.length + page.length, values: slice.length });
      offset += header.length + stored.length;
      group.size += header.length + page.length;
    }
    rowGroups.push(group);
  }

  // Each column is a top-level field, or the only field of its own top-level struct.
  const schema: Array<(writer: CompactWriter) => void> = [(writer) => writer.string(4, 'schema').i32(5, columns.length)];
  for (const column of columns) {
    if (column.struct) schema.push((writer) => writer.i32(3, optional).string(4, column.struct!).i32(5, 1));
    schema.push((writer) => {
      writer.i32(1, typeIds[column.type]).i32(3, optional).string(4, column.name);
      if (column.annotation) writer.i32(6, annotationIds[column.annotation]);
    });
  }
  const footer = new CompactWriter();
  footer.i32(1, 1);
  footer.structList(2, schema, (writer, body) => body(writer));
  footer.i64(3, rowCount);
  footer.structList(4, rowGroups, (writer, group) => {
    writer.structList(1, group.columns, (chunkWriter, chunk) =>
      chunkWriter.i64(2, chunk.offset).struct(3, (meta) =>
        meta
          .i32(1, typeIds[chunk.column.type])
          .i32List(2, [plain, rle])
          .stringList(3, chunk.column.struct ? [chunk.column.struct, chunk.column.name] : [chunk.column.name])
          .i32(4, codecIds[codec])
          .i64(5, chunk.values)
          .i64(6, chunk.uncompressed)
          .i64(7, chunk.size)
          .i64(9, chunk.offset),
      ),
    );
    writer.i64(2, group.size).i64(3, group.rows);
  });
  footer.string(6, 'ml-workbench parquet fixture');
  const metadata = Buffer.from([...footer.bytes, 0]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadata.length);
  chunks.push(metadata, length, Buffer.from('PAR1'));
  return Buffer.concat(chunks);
}
