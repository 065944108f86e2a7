// Datasets as users reach them: the HTTP API of a real core process, and the `mlwb datasets` CLI
// (real processes, real workspaces, --json output and exit codes).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { writeParquetFixture } from './parquet-fixture.js';

const churnCsv = churnRowsToCsv(generateChurnRows({ rows: 400, seed: 21 }));
let core: CoreProcess;

async function upload(query: string, body: string | Buffer, token = core.token) {
  const response = await fetch(`${core.url}/api/datasets/import?${query}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' }, body });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  core = await startCoreProcess();
});
afterAll(() => core?.dispose());

describe('datasets API', () => {
  it('imports a streamed upload and answers with the version, schema and stats', async () => {
    const created = await upload('name=churn&filename=churn.csv', churnCsv);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ created: true, version: { name: 'churn', version: 1, row_count: 400, column_count: 10, source_format: 'csv', created_by: 'tester' } });
    expect(created.body.schema.find((column: any) => column.name === 'target')).toMatchObject({ type: 'boolean' });
    expect(created.body.stats.find((column: any) => column.name === 'total_spend').quantiles.p50).toBeGreaterThan(0);

    const again = await upload('name=churn&filename=churn.csv', churnCsv);
    expect(again.body).toMatchObject({ created: false, version: { version: 1 } });
    const retyped = await upload(`name=churn&filename=churn.csv&types=${encodeURIComponent('{"region":"text"}')}`, churnCsv);
    expect(retyped.body).toMatchObject({ created: true, version: { version: 2, type_overrides: { region: 'text' } } });
  });

  it('lists datasets, versions, a version with its statistics, and a preview', async () => {
    const list = await core.call('GET', '/api/datasets');
    expect(list.body.datasets).toEqual([expect.objectContaining({ name: 'churn', version_count: 2, latest: expect.objectContaining({ version: 2 }) })]);
    const detail = await core.call('GET', '/api/datasets/churn');
    expect(detail.body.versions.map((version: any) => version.version)).toEqual([2, 1]);
    const first = await core.call('GET', '/api/datasets/churn/versions/1');
    expect(first.body.version.version).toBe(1);
    expect(first.body.stats).toHaveLength(10);
    expect(first.body.stats.find((column: any) => column.name === 'region').histogram.kind).toBe('categories');
    const latest = await core.call('GET', '/api/datasets/churn/versions/latest');
    expect(latest.body.version.version).toBe(2);
    const preview = await core.call('GET', '/api/datasets/churn/versions/1/preview?rows=3');
    expect(preview.body.total_rows).toBe(400);
    expect(preview.body.rows).toHaveLength(3);
    expect(preview.body.rows[0][0]).toBe('C000001');
    const info = await core.call('GET', '/api/info');
    expect(info.body.capabilities).toContain('datasets');
  });

  it('imports a file by path (the desktop file dialog) and refuses a path that is not a file', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlwb-path-')), 'by-path.csv');
    writeFileSync(file, churnRowsToCsv(generateChurnRows({ rows: 40, seed: 4 })));
    const imported = await core.call('POST', '/api/datasets/import-file', { path: file, types: { region: 'text' } });
    expect(imported.status).toBe(200);
    expect(imported.body.version).toMatchObject({ name: 'by-path', row_count: 40, source_path: 'by-path.csv' });
    expect(imported.body.schema.find((column: { name: string }) => column.name === 'region').type).toBe('text');
    const missing = await core.call('POST', '/api/datasets/import-file', { path: path.join(os.tmpdir(), 'definitely-not-here.csv') });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('No such file');
  });

  it('answers bad input with the error envelope and registers nothing', async () => {
    const malformed = await upload('name=broken&filename=broken.csv', 'a,b\n1,2\n3,4,5\n');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { reason: 'malformed_csv', row: 2, line: 3 } });
    expect(malformed.body.error.message).toContain('data row 2 (line 3 of the file');
    const badType = await upload(`name=broken&types=${encodeURIComponent('{"a":"integer"}')}`, 'a\n1\n');
    expect(badType.body.error.message).toBe("Unknown type 'integer' for column 'a'. Valid types: numeric, categorical, boolean, datetime, text.");
    const unknownColumn = await upload(`name=broken&types=${encodeURIComponent('{"b":"numeric"}')}`, 'a\n1\n');
    expect(unknownColumn.body.error.message).toContain("Unknown column in type overrides: 'b'");
    const badFormat = await upload('name=broken&format=xlsx', 'a\n1\n');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toContain("'format'");
    const empty = await upload('name=broken&filename=empty.csv', '');
    expect(empty.body.error.message).toContain('The file is empty');
    expect((await core.call('GET', '/api/datasets/broken')).status).toBe(404);
    expect((await core.call('GET', '/api/datasets/churn/versions/7')).body.error).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', message: "Dataset 'churn' has no version 7 (versions 1–2)." });
    expect((await core.call('GET', '/api/datasets/churn/versions/one')).status).toBe(400);
    expect((await core.call('GET', '/api/datasets/churn/versions/1/preview?rows=0')).status).toBe(400);
    expect((await upload('name=x', 'a\n1\n', 'wrong-token')).status).toBe(401);
  });
});

describe('mlwb datasets', () => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-datasets-cli-'));
  const cli = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'cli-user' });
  const file = (name: string, content: string | Buffer) => {
    const target = path.join(workspace, name);
    writeFileSync(target, content);
    return target;
  };

  it('imports, lists and shows datasets', async () => {
    const source = file('churn.csv', churnCsv);
    const imported = await cli('datasets', 'import', source, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: true, version: { name: 'churn', version: 1, created_by: 'cli-user', source_path: source } });

    const human = await cli('datasets', 'import', source, '--name', 'churn_typed', '--type', 'transaction_count=categorical');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Imported churn_typed version 1: 400 rows × 10 columns from churn.csv (csv)');
    expect(human.stdout).toMatch(/transaction_count\s+categorical\*/);

    const again = await cli('datasets', 'import', source);
    expect(again.stdout).toContain('churn version 1 already holds this content; nothing new was stored');

    const listed = await cli('datasets', 'list');
    expect(listed.stdout).toMatch(/churn\s+v1\s+400\s+10\s+csv/);
    const shown = await cli('datasets', 'show', 'churn:1');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('churn version 1: 400 rows × 10 columns');
    expect(shown.stdout).toMatch(/region\s+categorical\s+0\s+5\s/);
    expect(shown.stdout).toMatch(/event_timestamp\s+datetime\s+0\s+\d+\s+2024-/);
    const json = JSON.parse((await cli('datasets', 'show', 'churn', '--json')).stdout);
    expect(json.version.version).toBe(1);
    expect(json.stats).toHaveLength(10);
  });

  it('exits 2 with a message naming what is wrong', async () => {
    const expectBadInput = async (args: string[], message: string | RegExp) => {
      const result = await cli(...args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
    };
    await expectBadInput(['datasets', 'import', file('empty.csv', '')], 'The file is empty');
    await expectBadInput(['datasets', 'import', file('ragged.csv', 'a,b\n1,2\n3\n')], 'Malformed CSV at data row 2 (line 3 of the file; line 1 is the header): the row has 1 fields but the header has 2.');
    await expectBadInput(['datasets', 'import', file('amounts.csv', 'id,amount\n1,5\n2,lots\n'), '--type', 'amount=numeric'], "Column 'amount' is set to numeric, but data row 2 (line 3 of the file");
    await expectBadInput(['datasets', 'import', file('columns.csv', 'a\n1\n'), '--type', 'b=numeric'], "Unknown column in type overrides: 'b'. The file's columns are: a.");
    await expectBadInput(['datasets', 'import', file('types.csv', 'a\n1\n'), '--type', 'a=float'], 'Valid types: numeric, categorical, boolean, datetime, text.');
    const nested = writeParquetFixture([{ name: 'city', type: 'BYTE_ARRAY', annotation: 'UTF8', struct: 'address', values: ['Oslo'] }]);
    await expectBadInput(['datasets', 'import', file('nested.parquet', nested)], "Parquet column 'address' (STRUCT (nested)) has a type that datasets cannot hold");
    await expectBadInput(['datasets', 'import', path.join(workspace, 'missing.csv')], 'No such file');
    await expectBadInput(['datasets', 'import', file('format.csv', 'a\n1\n'), '--format', 'xlsx'], '--format must be one of csv, parquet');
    await expectBadInput(['datasets', 'show', 'nothing'], "No dataset named 'nothing'");
    await expectBadInput(['datasets', 'show', 'churn:abc'], "Invalid dataset version 'abc'");
    const json = await cli('datasets', 'import', file('ragged2.csv', 'a,b\n1\n'), '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { row: 1, line: 2 } });
    const listed = JSON.parse((await cli('datasets', 'list', '--json')).stdout);
    expect(listed.datasets.map((dataset: { name: string }) => dataset.name).sort()).toEqual(['churn', 'churn_typed']);
  });
});
