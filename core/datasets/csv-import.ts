// CSV → Table, streamed: memory holds typed columns and small per-column state, never the file's
// text. One pass reads the header, infers each column's type, checks type overrides (reporting the
// first offending row) and fills the typed arrays; a second pass runs only for a column that
// looked numeric for thousands of distinct values and then turned out to be strings (see
// csv-column.ts).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import type { DatasetColumnSchema } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import { createColumnBuilder } from './column-builder.js';
import { CsvColumnAccumulator } from './csv-column.js';
import { checkOverrideColumns, expectedValueDescription, type TypeOverrides } from './infer-schema.js';
import type { Column, Table } from './table.js';

export interface ParsedDataset {
  table: Table;
  schema: DatasetColumnSchema[];
  warnings: string[];
}

interface InfoRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

const delimiterCandidates = [',', ';', '\t', '|'];
const rowNumbering = 'line 1 is the header';
const emptyFile = 'The file is empty: a CSV file needs a header row and at least one data row.';

export async function importCsv(file: string, overrides: TypeOverrides = {}): Promise<ParsedDataset> {
  if ((await stat(file)).size === 0) throw new ValidationError(emptyFile, { reason: 'empty_file' });
  const delimiter = await sniffDelimiter(file);
  const warnings: string[] = [];

  let columns: CsvColumnAccumulator[] | undefined;
  let rowCount = 0;
  let offence: { column: number; text: string } | undefined;
  await readRecords(file, delimiter, (record) => {
    if (!columns) {
      // Lines of only whitespace (a lone "\r" in a file of mixed line ends) are blank lines too.
      if (record.every((field) => field.trim() === '')) return true;
      const names = headerNames(record, warnings);
      checkOverrideColumns(overrides, names);
      columns = names.map((name) => new CsvColumnAccumulator(name, overrides[name]));
      return true;
    }
    rowCount++;
    for (let column = 0; column < record.length; column++) {
      if (!columns[column].add(record[column])) {
        offence = { column, text: record[column] };
        return false;
      }
    }
    return true;
  });
  if (!columns) throw new ValidationError(emptyFile, { reason: 'empty_file' });
  if (offence) {
    // Only now pay for csv-parse's line tracking (it triples parsing time): re-read up to the row.
    const line = await lineOfRecord(file, delimiter, rowCount);
    const name = columns[offence.column].name;
    const type = overrides[name];
    const value = truncate(offence.text);
    throw new ValidationError(
      `Column '${name}' is set to ${type}, but data row ${rowCount} (line ${line} of the file; ${rowNumbering}) holds '${value}', which is not ${expectedValueDescription(type)}.`,
      { column: name, type, row: rowCount, line, value },
    );
  }
  if (rowCount === 0) throw new ValidationError(`The file has a header row (${columns.length} columns) but no data rows.`, { reason: 'no_rows', columns: columns.map((column) => column.name) });

  const inferred = columns.map((column) => column.inferredType());
  const types = columns.map((column, index) => column.override ?? inferred[index]);
  const built: Array<Column | undefined> = columns.map((column, index) => column.column(types[index]));
  const missing = built.flatMap((column, index) => (column ? [] : [index]));
  if (missing.length > 0) await rereadColumns(file, delimiter, missing, columns, types, built, rowCount);

  return {
    table: { rowCount, columns: built as Column[] },
    schema: columns.map((column, index) => ({ name: column.name, type: types[index], inferred_type: inferred[index], overridden: column.override !== undefined, source_type: 'string' })),
    warnings,
  };
}

/** The second pass: fills the columns whose values the first pass could not keep. */
async function rereadColumns(
  file: string,
  delimiter: string,
  indexes: number[],
  columns: CsvColumnAccumulator[],
  types: Column['type'][],
  built: Array<Column | undefined>,
  rowCount: number,
): Promise<void> {
  const builders = indexes.map((index) => createColumnBuilder(columns[index].name, types[index], rowCount));
  let row = -1;
  await readRecords(file, delimiter, (record) => {
    if (row >= 0) {
      for (let position = 0; position < indexes.length; position++) {
        if (!builders[position].set(row, record[indexes[position]])) throw new Error(`CSV column '${columns[indexes[position]].name}' changed between passes at data row ${row + 1}`);
      }
    }
    row++;
    return true;
  });
  if (row !== rowCount) throw new Error(`CSV file changed between passes: ${rowCount} rows, then ${row}`);
  indexes.forEach((index, position) => (built[index] = builders[position].finish()));
}

/**
 * Streams records through csv-parse until `onRecord` returns false, turning its errors into
 * messages that name the row.
 */
async function readRecords(file: string, delimiter: string, onRecord: (record: string[]) => boolean, options: { info?: boolean; to?: number } = {}): Promise<void> {
  const parser: Parser = parse({ bom: true, delimiter, skip_empty_lines: true, info: options.info ?? false, to: options.to ?? -1 });
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser) if (!onRecord(record as string[])) break;
  } catch (error) {
    if (error instanceof CsvError) throw malformedCsv(error, delimiter);
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/**
 * The line on which data row `row` starts: after the line where the previous record ends (quoted
 * fields may span lines) and past skipped blank lines.
 */
async function lineOfRecord(file: string, delimiter: string, row: number): Promise<number> {
  let startLine = 1;
  let previousEnd = 0;
  let previousEmpty = 0;
  await readRecords(
    file,
    delimiter,
    (entry) => {
      const { info } = entry as unknown as InfoRecord;
      startLine = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      return true;
    },
    { info: true, to: row + 1 },
  );
  return startLine;
}

function malformedCsv(error: CsvError, delimiter: string): ValidationError {
  const failure = error as CsvError & { lines?: number; records?: number };
  const line = failure.lines ?? 0;
  // `records` counts the records parsed before the failing one, header included: the failing
  // record is data row `records` (0 means the header itself is broken).
  const dataRow = failure.records ?? 0;
  const where = dataRow === 0 ? `in the header row (line ${line})` : `at data row ${dataRow} (line ${line} of the file; ${rowNumbering})`;
  let reason: string;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const counts = /expect (\d+), got (\d+)/.exec(error.message);
    reason = counts ? `the row has ${counts[2]} fields but the header has ${counts[1]}` : error.message;
  } else if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    reason = 'a quoted field is never closed (the file ends inside quotes)';
  } else if (error.code === 'CSV_INVALID_CLOSING_QUOTE' || error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    reason = `a closing quote is followed by other characters instead of '${printable(delimiter)}' or the end of the line`;
  } else if (error.code === 'INVALID_OPENING_QUOTE') {
    reason = 'a quote appears inside an unquoted field (quote the whole field and double the quotes inside it)';
  } else {
    reason = error.message;
  }
  return new ValidationError(`Malformed CSV ${where}: ${reason}.`, { reason: 'malformed_csv', csv_code: error.code, line, row: dataRow });
}

/** Column names from the header: trimmed; blanks become column_N, repeats get a _2, _3… suffix. */
export function headerNames(record: readonly string[], warnings: string[]): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  record.forEach((raw, index) => {
    let name = raw.trim();
    if (name === '') {
      name = `column_${index + 1}`;
      warnings.push(`Header field ${index + 1} is blank; the column is named '${name}'.`);
    }
    if (taken.has(name)) {
      let suffix = 2;
      while (taken.has(`${name}_${suffix}`)) suffix++;
      warnings.push(`Column name '${name}' appears more than once; column ${index + 1} is named '${name}_${suffix}'.`);
      name = `${name}_${suffix}`;
    }
    taken.add(name);
    names.push(name);
  });
  return names;
}

/** The most frequent of , ; TAB | outside quotes in the header line (comma on a tie or none). */
export async function sniffDelimiter(file: string): Promise<string> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const counts = new Map(delimiterCandidates.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && counts.has(character)) counts.set(character, counts.get(character)! + 1);
  }
  let best = ',';
  for (const candidate of delimiterCandidates) if (counts.get(candidate)! > counts.get(best)!) best = candidate;
  return best;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter;
}
