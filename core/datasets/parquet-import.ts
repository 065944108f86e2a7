// Parquet → Table with hyparquet, one row group at a time, so memory holds the typed columns plus
// one decoded column chunk. Types come from the file's schema; only string columns need inference
// (categorical versus text). Nested and exotic types are refused up front, naming the column.
import { brotliDecompressSync, unzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema, type Compressors, type FileMetaData, type SchemaElement, type SchemaTree } from 'hyparquet';
import { ValidationError } from '../api/errors.js';
import { createColumnBuilder, StringColumnBuilder, type Cell, type ColumnBuilder } from './column-builder.js';
import type { ParsedDataset } from './csv-import.js';
import { checkOverrideColumns, expectedValueDescription, stringColumnType, type TypeOverrides } from './infer-schema.js';
import type { Column, ColumnType } from './table.js';

type ValueKind = 'numeric' | 'boolean' | 'datetime' | 'string';

interface ColumnPlan {
  name: string;
  sourceType: string;
  kind?: ValueKind;
  /** Why the column cannot be imported (absent when it can). */
  unsupported?: string;
}

// hyparquet decodes SNAPPY itself; GZIP and BROTLI come from node:zlib. Node 20 has no ZSTD or LZ4.
const compressors: Compressors = {
  GZIP: (input) => new Uint8Array(unzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
};
const readableCodecs = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI']);

const stringTypes = new Set(['STRING', 'UTF8', 'ENUM', 'UUID']);
const datetimeTypes = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS']);
const numericTypes = new Set(['DECIMAL', 'INTEGER', 'FLOAT16', 'NULL', 'INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64']);
const supportedSummary = 'booleans, integers, floats, decimals, strings, dates and timestamps';

export async function importParquet(file: string, overrides: TypeOverrides = {}): Promise<ParsedDataset> {
  const buffer = await asyncBufferFromFile(file);
  if (buffer.byteLength === 0) throw new ValidationError('The file is empty: there is no Parquet data in it.', { reason: 'empty_file' });
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new ValidationError(`The file is not a readable Parquet file: ${(error as Error).message}.`, { reason: 'not_parquet' });
  }
  const plans = parquetSchema(metadata).children.map(planColumn);
  refuseUnsupported(plans);
  refuseUnreadableCodecs(metadata);
  const names = plans.map((plan) => plan.name);
  checkOverrideColumns(overrides, names);
  // INT64 row counts beyond 2^53 cannot be held in typed arrays anyway.
  const rowCount = Number(metadata.num_rows);
  if (rowCount === 0) throw new ValidationError(`The Parquet file has ${names.length} columns but no rows.`, { reason: 'no_rows', columns: names });

  const builders: ColumnBuilder[] = plans.map((plan) => createColumnBuilder(plan.name, overrides[plan.name] ?? defaultType(plan.kind!), rowCount));
  const scan = await parquetScan({ file: buffer, metadata, compressors, columns: names });
  for (const range of scan.ranges) {
    for (let column = 0; column < plans.length; column++) {
      const values = await readColumn(() => scan.readColumn({ column: names[column], rowStart: range.rowStart, rowEnd: range.rowEnd }), names[column]);
      const builder = builders[column];
      for (let index = 0; index < values.length; index++) {
        const value = values[index] as Cell;
        if (!builder.set(range.rowStart + index, value)) throw conversionError(names[column], builder.type, range.rowStart + index + 1, value);
      }
    }
  }

  const columns: Column[] = [];
  const schema = plans.map((plan, index) => {
    const builder = builders[index];
    const override = overrides[plan.name];
    // String columns are categorical or text by the same rule as CSV; an override keeps its type.
    let inferred = defaultType(plan.kind!);
    if (plan.kind === 'string' && builder instanceof StringColumnBuilder) {
      const profile = builder.profile();
      inferred = stringColumnType(profile.distinct, profile.nonMissing, profile.meanLength);
      columns.push(builder.finishAs(override === 'categorical' || override === 'text' ? override : inferred));
    } else {
      columns.push(builder.finish());
    }
    return { name: plan.name, type: override ?? inferred, inferred_type: inferred, overridden: override !== undefined, source_type: plan.sourceType };
  });
  return { table: { rowCount, columns }, schema, warnings: [] };
}

function defaultType(kind: ValueKind): ColumnType {
  return kind === 'string' ? 'categorical' : kind;
}

async function readColumn(read: () => Promise<ArrayLike<unknown>>, column: string): Promise<ArrayLike<unknown>> {
  try {
    return await read();
  } catch (error) {
    throw new ValidationError(`Parquet column '${column}' could not be decoded: ${(error as Error).message}.`, { reason: 'unreadable_column', column });
  }
}

function conversionError(column: string, type: ColumnType, row: number, value: Cell): ValidationError {
  const shown = value instanceof Date ? value.toISOString() : String(value);
  return new ValidationError(`Column '${column}' is read as ${type}, but row ${row} (counting from 1; Parquet files have no header row) holds '${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}', which is not ${expectedValueDescription(type)}.`, {
    column,
    type,
    row,
    value: shown,
  });
}

export function planColumn(node: SchemaTree): ColumnPlan {
  const element = node.element;
  const sourceType = describeType(node);
  const plan = (kind: ValueKind): ColumnPlan => ({ name: element.name, sourceType, kind });
  const refuse = (unsupported: string): ColumnPlan => ({ name: element.name, sourceType, unsupported });
  if (node.children.length > 0 || element.type === undefined) return refuse(`${sourceType} (nested)`);
  if (element.repetition_type === 'REPEATED') return refuse(`repeated ${sourceType}`);
  const annotation = element.logical_type?.type ?? element.converted_type;
  if (annotation !== undefined) {
    if (stringTypes.has(annotation)) return plan('string');
    if (datetimeTypes.has(annotation)) return plan('datetime');
    if (numericTypes.has(annotation)) return plan('numeric');
    return refuse(sourceType);
  }
  switch (element.type) {
    case 'BOOLEAN':
      return plan('boolean');
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
      return plan('numeric');
    case 'INT96':
      return plan('datetime');
    case 'BYTE_ARRAY':
      return plan('string');
    default:
      return refuse(`${sourceType} (raw binary)`);
  }
}

/** "INT64/TIMESTAMP(MICROS)", "BYTE_ARRAY/STRING", "LIST", …: how the schema describes a column. */
function describeType(node: SchemaTree): string {
  const element: SchemaElement = node.element;
  const logical = element.logical_type;
  let annotation: string | undefined;
  if (logical?.type === 'TIMESTAMP' || logical?.type === 'TIME') annotation = `${logical.type}(${logical.unit})`;
  else if (logical?.type === 'DECIMAL') annotation = `DECIMAL(${logical.precision},${logical.scale})`;
  else if (logical?.type === 'INTEGER') annotation = `${logical.isSigned ? 'INT' : 'UINT'}${logical.bitWidth}`;
  else annotation = logical?.type ?? element.converted_type;
  if (element.type === undefined || node.children.length > 0) return annotation ?? 'STRUCT';
  return annotation ? `${element.type}/${annotation}` : element.type;
}

function refuseUnsupported(plans: readonly ColumnPlan[]): void {
  const refused = plans.filter((plan) => plan.unsupported !== undefined);
  if (refused.length === 0) return;
  const listed = refused.map((plan) => `'${plan.name}' (${plan.unsupported})`).join(', ');
  const subject = refused.length === 1 ? `Parquet column ${listed} has a type` : `Parquet columns ${listed} have types`;
  throw new ValidationError(`${subject} that datasets cannot hold. Supported: ${supportedSummary}. Drop or flatten ${refused.length === 1 ? 'it' : 'them'} before importing.`, {
    reason: 'unsupported_parquet_type',
    columns: refused.map((plan) => ({ name: plan.name, type: plan.sourceType })),
  });
}

function refuseUnreadableCodecs(metadata: FileMetaData): void {
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const codec = chunk.meta_data?.codec;
      if (codec !== undefined && !readableCodecs.has(codec)) {
        const column = chunk.meta_data!.path_in_schema.join('.');
        throw new ValidationError(`Parquet column '${column}' is compressed with ${codec}, which this version cannot read (readable: ${[...readableCodecs].join(', ')}). Rewrite the file with one of those codecs.`, {
          reason: 'unsupported_parquet_codec',
          column,
          codec,
        });
      }
    }
  }
}
