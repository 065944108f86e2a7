// Table → Parquet for exports (`mlwb features historical --out FILE.parquet`): flat, nullable
// columns, PLAIN encoding, uncompressed, one row group, data pages of at most 64k rows. Written by
// hand because no Parquet writer is a dependency; the subset is the one every reader supports
// (pandas/pyarrow, DuckDB, Spark, hyparquet). Format: apache/parquet-format parquet.thrift.
import { open } from 'node:fs/promises';
import { isNumericColumn, type Column, type Table } from './table.js';
import { CompactWriter } from './thrift-compact.js';

const physical = { BOOLEAN: 0, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const converted = { UTF8: 0, TIMESTAMP_MICROS: 10, INT_64: 18 } as const;
const optionalRepetition = 1;
const plainEncoding = 0;
const rleEncoding = 3;
const dataPage = 0;
const uncompressed = 0;
const rowsPerPage = 65_536;

type PhysicalType = keyof typeof physical;

/** How one table column is stored; the logical type is what readers map back to a dtype. */
interface ColumnLayout {
  column: Column;
  type: PhysicalType;
  convertedType?: number;
  logical?: (writer: CompactWriter) => void;
}


/**
 * Numbers that are all whole and within ±2^53 are INT64 (Feast's Int64 features stay integers);
 * other numbers DOUBLE; datetimes INT64 TIMESTAMP(MICROS, UTC); strings BYTE_ARRAY STRING.
 */
function layoutOf(column: Column): ColumnLayout {
  if (!isNumericColumn(column)) return { column, type: 'BYTE_ARRAY', convertedType: converted.UTF8, logical: (writer) => writer.struct(1, () => undefined) };
  if (column.type === 'boolean') return { column, type: 'BOOLEAN' };
  if (column.type === 'datetime') {
    return { column, type: 'INT64', convertedType: converted.TIMESTAMP_MICROS, logical: (writer) => writer.struct(8, (timestamp) => timestamp.bool(1, true).struct(2, (unit) => unit.struct(2, () => undefined))) };
  }
  const whole = column.values.every((value) => Number.isNaN(value) || Number.isSafeInteger(value));
  if (whole && column.values.some((value) => !Number.isNaN(value))) {
    return { column, type: 'INT64', convertedType: converted.INT_64, logical: (writer) => writer.struct(10, (integer) => integer.i8(1, 64).bool(2, true)) };
  }
  return { column, type: 'DOUBLE' };
}

function isMissing(column: Column, row: number): boolean {
  return isNumericColumn(column) ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

/** Definition levels (bit width 1) as RLE runs of the hybrid encoding, with the 4-byte length prefix. */
function definitionLevels(column: Column, start: number, end: number): Buffer {
  const bytes: number[] = [];
  for (let run = start; run < end; ) {
    const missing = isMissing(column, run);
    let next = run + 1;
    while (next < end && isMissing(column, next) === missing) next++;
    let header = (next - run) * 2;
    while (header >= 0x80) {
      bytes.push((header & 0x7f) | 0x80);
      header = Math.floor(header / 0x80);
    }
    bytes.push(header, missing ? 0 : 1);
    run = next;
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
}

/** The non-missing values of rows [start, end) in PLAIN encoding. */
function plainValues(layout: ColumnLayout, start: number, end: number): Buffer {
  const { column } = layout;
  if (!isNumericColumn(column)) {
    const encoded = column.dictionary.map((text) => Buffer.from(text, 'utf8'));
    const parts: Buffer[] = [];
    for (let row = start; row < end; row++) {
      const code = column.codes[row];
      if (code < 0) continue;
      const length = Buffer.alloc(4);
      length.writeUInt32LE(encoded[code].length);
      parts.push(length, encoded[code]);
    }
    return Buffer.concat(parts);
  }
  const present: number[] = [];
  for (let row = start; row < end; row++) if (!Number.isNaN(column.values[row])) present.push(column.values[row]);
  if (layout.type === 'BOOLEAN') {
    const bytes = Buffer.alloc(Math.ceil(present.length / 8));
    present.forEach((value, index) => {
      if (value === 1) bytes[index >> 3] |= 1 << (index & 7);
    });
    return bytes;
  }
  if (layout.type === 'DOUBLE') return Buffer.from(Float64Array.from(present).buffer);
  // Datetimes are epoch milliseconds with microsecond fractions; Parquet gets whole microseconds.
  const scale = column.type === 'datetime' ? 1000 : 1;
  return Buffer.from(BigInt64Array.from(present, (value) => BigInt(Math.round(value * scale))).buffer);
}

/** The whole file as buffers, in order. */
export function encodeParquet(table: Table): Buffer[] {
  const layouts = table.columns.map(layoutOf);
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const columnChunks: { layout: ColumnLayout; offset: number; size: number }[] = [];
  for (const layout of layouts) {
    const chunkOffset = offset;
    for (let start = 0; start < table.rowCount || (start === 0 && table.rowCount === 0); start += rowsPerPage) {
      const end = Math.min(table.rowCount, start + rowsPerPage);
      const page = Buffer.concat([definitionLevels(layout.column, start, end), plainValues(layout, start, end)]);
      const header = new CompactWriter()
        .i32(1, dataPage)
        .i32(2, page.length)
        .i32(3, page.length)
        .struct(5, (writer) => writer.i32(1, end - start).i32(2, plainEncoding).i32(3, rleEncoding).i32(4, rleEncoding))
        .finish();
      chunks.push(header, page);
      offset += header.length + page.length;
      if (table.rowCount === 0) break;
    }
    columnChunks.push({ layout, offset: chunkOffset, size: offset - chunkOffset });
  }

  const footer = new CompactWriter().i32(1, 1);
  const schema: ((writer: CompactWriter) => void)[] = [(writer) => writer.string(4, 'schema').i32(5, layouts.length)];
  for (const layout of layouts) {
    schema.push((writer) => {
      writer.i32(1, physical[layout.type]).i32(3, optionalRepetition).string(4, layout.column.name);
      if (layout.convertedType !== undefined) writer.i32(6, layout.convertedType);
      if (layout.logical) writer.struct(10, layout.logical);
    });
  }
  footer.structList(2, schema, (writer, body) => body(writer));
  footer.i64(3, table.rowCount);
  const totalSize = columnChunks.reduce((sum, chunk) => sum + chunk.size, 0);
  footer.structList(4, [columnChunks], (writer, group) => {
    writer.structList(1, group, (chunkWriter, chunk) =>
      chunkWriter.i64(2, chunk.offset).struct(3, (meta) =>
        meta
          .i32(1, physical[chunk.layout.type])
          .i32List(2, [plainEncoding, rleEncoding])
          .stringList(3, [chunk.layout.column.name])
          .i32(4, uncompressed)
          .i64(5, table.rowCount)
          .i64(6, chunk.size)
          .i64(7, chunk.size)
          .i64(9, chunk.offset),
      ),
    );
    writer.i64(2, totalSize).i64(3, table.rowCount);
  });
  footer.string(6, 'ml-workbench');
  const metadata = footer.finish();
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadata.length);
  chunks.push(metadata, length, Buffer.from('PAR1'));
  return chunks;
}

export async function writeTableParquet(table: Table, file: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const chunk of encodeParquet(table)) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
