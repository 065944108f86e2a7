import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { importCsv } from './csv-import.js';
import { speculativeDictionaryLimit } from './csv-column.js';
import { overridesFromJson, overridesFromPairs } from './infer-schema.js';
import { columnByName, type CategoricalColumn, type NumericColumn, type Table } from './table.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-csv-'));
let fileCount = 0;
function csvFile(text: string | Buffer): string {
  const file = path.join(folder, `input-${++fileCount}.csv`);
  writeFileSync(file, text);
  return file;
}

function numbers(table: Table, name: string): number[] {
  return Array.from((columnByName(table, name) as NumericColumn).values);
}

function strings(table: Table, name: string): Array<string | null> {
  const column = columnByName(table, name) as CategoricalColumn;
  return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]));
}

describe('CSV import: inference', () => {
  it('infers the churn sample columns and keeps every value', async () => {
    const rows = generateChurnRows({ rows: 500, seed: 3 });
    const { table, schema, warnings } = await importCsv(csvFile(churnRowsToCsv(rows)));
    expect(table.rowCount).toBe(500);
    expect(Object.fromEntries(schema.map((column) => [column.name, column.type]))).toEqual({
      customer_id: 'categorical',
      event_timestamp: 'datetime',
      total_spend: 'numeric',
      transaction_count: 'numeric',
      avg_transaction_amount: 'numeric',
      days_since_last_purchase: 'numeric',
      registration_date: 'datetime',
      customer_segment: 'categorical',
      region: 'categorical',
      target: 'boolean',
    });
    expect(warnings).toEqual([]);
    expect(numbers(table, 'total_spend')).toEqual(rows.map((row) => row.total_spend));
    expect(numbers(table, 'target')).toEqual(rows.map((row) => row.target));
    expect(numbers(table, 'event_timestamp')).toEqual(rows.map((row) => Date.parse(row.event_timestamp)));
    expect(numbers(table, 'registration_date')[7]).toBe(Date.parse(`${rows[7].registration_date}T00:00:00Z`));
    expect(strings(table, 'region')).toEqual(rows.map((row) => row.region));
  });

  it('reads missing-value spellings as missing and keeps an all-missing column', async () => {
    const { table, schema } = await importCsv(csvFile('a,b,c\n1,NA,x\nNaN,,y\nnull,None,\n4,N/A,z\n'));
    expect(numbers(table, 'a')).toEqual([1, Number.NaN, Number.NaN, 4]);
    expect(schema.find((column) => column.name === 'b')?.type).toBe('numeric');
    expect(numbers(table, 'b').every(Number.isNaN)).toBe(true);
    expect(strings(table, 'c')).toEqual(['x', 'y', null, 'z']);
  });

  it('tells free text from categories by uniqueness and length', async () => {
    const notes = Array.from({ length: 40 }, (_, index) => `customer called about invoice number ${index} twice`);
    const repeated = Array.from({ length: 40 }, (_, index) => `a long but repeated label ${index % 3} here`);
    const ids = Array.from({ length: 40 }, (_, index) => `ID-${index}`);
    const text = ['note,label,id', ...notes.map((note, index) => `${note},${repeated[index]},${ids[index]}`)].join('\n');
    const { schema } = await importCsv(csvFile(text));
    expect(schema.map((column) => column.type)).toEqual(['text', 'categorical', 'categorical']);
  });

  it('reads a column that looked numeric for thousands of values and then held text a second time', async () => {
    const values = Array.from({ length: speculativeDictionaryLimit + 500 }, (_, index) => (index * 1.5).toFixed(2));
    values.push('not a number');
    const { table, schema } = await importCsv(csvFile(['amount,n', ...values.map((value, index) => `${value},${index}`)].join('\n')));
    expect(schema[0].type).toBe('categorical');
    expect(strings(table, 'amount')).toEqual(values);
    expect(numbers(table, 'n')).toEqual(values.map((_, index) => index));
  });
});

describe('CSV import: format edge cases', () => {
  it('handles quoted fields with commas, newlines and quotes, a byte-order mark and CRLF line ends', async () => {
    const text = '\uFEFFid,comment,amount\r\n1,"hello, world",3.5\r\n2,"line one\r\nline two",4\r\n3,"she said ""hi""",\r\n';
    const { table, schema } = await importCsv(csvFile(text));
    expect(schema.map((column) => column.name)).toEqual(['id', 'comment', 'amount']);
    expect(table.rowCount).toBe(3);
    expect(strings(table, 'comment')).toEqual(['hello, world', 'line one\r\nline two', 'she said "hi"']);
    expect(numbers(table, 'amount')).toEqual([3.5, 4, Number.NaN]);
  });

  it('finds semicolon and tab delimiters and skips blank lines', async () => {
    const semicolons = await importCsv(csvFile('a;b\n"1;5";2\n\n3;4\n'));
    expect(strings(semicolons.table, 'a')).toEqual(['1;5', '3']);
    expect(numbers(semicolons.table, 'b')).toEqual([2, 4]);
    const tabs = await importCsv(csvFile('x\ty\n1\t2\n'));
    expect(tabs.schema.map((column) => column.name)).toEqual(['x', 'y']);
  });

  it('names blank header fields and renames repeated ones, with warnings', async () => {
    const { schema, warnings } = await importCsv(csvFile('a,,a,a\n1,2,3,4\n'));
    expect(schema.map((column) => column.name)).toEqual(['a', 'column_2', 'a_2', 'a_3']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain("named 'column_2'");
  });
});

describe('CSV import: type overrides', () => {
  it('stores a column as the type the user asks for', async () => {
    const { table, schema } = await importCsv(csvFile('zip,flag,when\n01234,1,2024-01-02\n98765,0,2024-01-03\n'), { zip: 'categorical', flag: 'numeric', when: 'text' });
    expect(strings(table, 'zip')).toEqual(['01234', '98765']);
    expect(schema.map(({ type, inferred_type, overridden }) => [type, inferred_type, overridden])).toEqual([
      ['categorical', 'numeric', true],
      ['numeric', 'boolean', true],
      ['text', 'datetime', true],
    ]);
    expect(table.columns[2].type).toBe('text');
  });

  it('refuses text in a column overridden to numeric, naming the column, the data row and the file line', async () => {
    const file = csvFile('id,amount\n1,"10"\n2,"multi\nline"\n3,abc\n');
    await expect(importCsv(file, { id: 'numeric' })).resolves.toBeDefined();
    const error = await importCsv(file, { amount: 'numeric' }).catch((failure: Error) => failure);
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { column: 'amount', row: 2, line: 3 } });
    expect((error as Error).message).toBe(
      "Column 'amount' is set to numeric, but data row 2 (line 3 of the file; line 1 is the header) holds 'multi\nline', which is not a finite number.",
    );
    const later = await importCsv(csvFile('id,amount\n1,"a\nb"\n2,3\n3,x\n'), { id: 'numeric', amount: 'numeric' }).catch((failure: Error) => failure);
    expect((later as Error).message).toContain("data row 1 (line 2 of the file");
  });

  it('counts lines past quoted newlines when it reports a row', async () => {
    const error = await importCsv(csvFile('note,n\n"two\nlines",1\n"x",2\nok,three\n'), { n: 'numeric' }).catch((failure: Error) => failure);
    expect(error).toMatchObject({ details: { row: 3, line: 5, value: 'three' } });
  });

  it('refuses unknown columns and type names, listing what is valid', async () => {
    await expect(importCsv(csvFile('a,b\n1,2\n'), { c: 'numeric' })).rejects.toThrow("Unknown column in type overrides: 'c'. The file's columns are: a, b.");
    expect(() => overridesFromPairs(['a=float'])).toThrow("Unknown type 'float' for column 'a'. Valid types: numeric, categorical, boolean, datetime, text.");
    expect(() => overridesFromPairs(['a'])).toThrow('--type expects COLUMN=TYPE');
    expect(overridesFromPairs(['a=Categorical', 'b=text'])).toEqual({ a: 'categorical', b: 'text' });
    expect(() => overridesFromJson('{"a": "int"}')).toThrow("Unknown type 'int'");
    expect(() => overridesFromJson('[1]')).toThrow("'types' must be a JSON object");
  });
});

describe('CSV import: bad files', () => {
  it('refuses an empty file, a file of blank lines and a header without rows', async () => {
    await expect(importCsv(csvFile(''))).rejects.toThrow('The file is empty');
    await expect(importCsv(csvFile('\n\n\r\n'))).rejects.toThrow('The file is empty');
    await expect(importCsv(csvFile('a,b,c\n'))).rejects.toThrow('The file has a header row (3 columns) but no data rows.');
  });

  it('reports a malformed line with its data row and line number', async () => {
    await expect(importCsv(csvFile('a,b\n1,2\n3,4,5\n6,7\n'))).rejects.toThrow(
      'Malformed CSV at data row 2 (line 3 of the file; line 1 is the header): the row has 3 fields but the header has 2.',
    );
    await expect(importCsv(csvFile('a,b\n1,2\n3,"4\n5,6\n'))).rejects.toThrow(/^Malformed CSV at data row 2 \(line 4 of the file; line 1 is the header\): a quoted field is never closed/);
    await expect(importCsv(csvFile('a,b\n1,2\n3,4"x\n'))).rejects.toThrow(/^Malformed CSV at data row 2 \(line 3 .*a quote appears inside an unquoted field/);
    await expect(importCsv(csvFile('a,b\n1,"2"x\n'))).rejects.toThrow(/^Malformed CSV at data row 1 \(line 2 .*a closing quote is followed by other characters/);
  });
});
