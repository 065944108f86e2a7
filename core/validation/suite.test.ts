import { describe, expect, it } from 'vitest';
import { readSuite, SuiteError, writeSuite } from './suite.js';

const v1 = {
  name: 'taxi_suite',
  id: '77373d6f-3561-4d62-b150-96c36dccbe55',
  suite_parameters: {},
  expectations: [
    { type: 'expect_column_values_to_be_between', kwargs: { column: 'passenger_count', min_value: 0.0, max_value: 4.0 }, meta: {}, id: '24dc475c-38a3-4234-ab47-b13d0f233242' },
    { type: 'expect_column_values_to_be_in_set', kwargs: { column: 'VendorID', value_set: [1, 2, 3, 4], mostly: 0.95 }, meta: {}, id: 'd8b3b4e9-296f-4dd5-bd29-aac6a00cba1c', rendered_content: [{ x: 1 }] },
  ],
  meta: { great_expectations_version: '1.2.0' },
  notes: 'free text',
};

function problemsOf(document: unknown, options = {}): Array<{ path: string; message: string }> {
  try {
    readSuite(document, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SuiteError);
    return (error as SuiteError).problems;
  }
  throw new Error('expected the suite to be rejected');
}

describe('GX 1.x suites', () => {
  it('round-trips the reference example field for field', () => {
    const { suite, format } = readSuite(JSON.stringify(v1));
    expect(format).toBe('v1');
    expect(JSON.parse(writeSuite(suite))).toEqual(v1);
    expect(Object.keys(JSON.parse(writeSuite(suite)))).toEqual(['name', 'id', 'expectations', 'suite_parameters', 'meta', 'notes']);
  });

  it('generates a suite id when missing and keeps unknown types with a warning', () => {
    const { suite, warnings } = readSuite({ name: 's', expectations: [{ type: 'expect_column_to_be_magic', kwargs: { column: 'x' } }] });
    expect(suite.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(suite.expectations[0].type).toBe('expect_column_to_be_magic');
    expect(warnings[0].path).toBe('$.expectations[0].type');
    expect(warnings[0].message).toContain('expect_column_values_to_be_between');
    expect(problemsOf({ name: 's', expectations: [{ type: 'expect_column_to_be_magic', kwargs: {} }] }, { unknownTypes: 'reject' })[0].path).toBe('$.expectations[0].type');
  });

  it('names every bad kwarg by JSON path, with the valid arguments', () => {
    const problems = problemsOf({
      name: 's',
      expectations: [
        { type: 'expect_column_values_to_be_between', kwargs: { column: 'x' } },
        { type: 'expect_column_values_to_be_in_set', kwargs: { colum: 'x', value_set: 'abc', mostly: 1.5 } },
        { type: 'expect_column_values_to_be_between', kwargs: { column: 'x', min_value: 5, max_value: 1 } },
      ],
    });
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.expectations[0].kwargs',
      '$.expectations[1].kwargs.column',
      '$.expectations[1].kwargs.colum',
      '$.expectations[1].kwargs.value_set',
      '$.expectations[1].kwargs.mostly',
      '$.expectations[2].kwargs',
    ]);
    expect(problems[0].message).toBe('min_value and max_value cannot both be null');
    expect(problems[2].message).toContain('valid: column, value_set, mostly');
  });

  it('accepts suite parameters in place of values', () => {
    const { suite } = readSuite({ name: 's', suite_parameters: { low: 1 }, expectations: [{ type: 'expect_column_values_to_be_between', kwargs: { column: 'x', min_value: { $PARAMETER: 'low' } } }] });
    expect(suite.expectations[0].kwargs.min_value).toEqual({ $PARAMETER: 'low' });
  });

  it('rejects a document without a name or expectations', () => {
    expect(problemsOf({ expectations: 3 }).map((problem) => problem.path)).toEqual(['$.name', '$.expectations']);
    expect(problemsOf('{not json')[0].path).toBe('$');
  });
});

describe('GX 0.x suites', () => {
  it('maps the legacy fields and gives every expectation an id', () => {
    const legacy = {
      expectation_suite_name: 'old',
      ge_cloud_id: null,
      data_asset_type: 'Dataset',
      evaluation_parameters: { limit: 3 },
      meta: { great_expectations_version: '0.18.19', notes: { format: 'markdown', content: ['line'] } },
      expectations: [{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' }, meta: {} }],
    };
    const { suite, format } = readSuite(legacy);
    expect(format).toBe('v0');
    const written = JSON.parse(writeSuite(suite));
    expect(written).toMatchObject({ name: 'old', suite_parameters: { limit: 3 }, meta: { great_expectations_version: '0.18.19' }, notes: ['line'] });
    expect(written).not.toHaveProperty('data_asset_type');
    expect(written.meta).not.toHaveProperty('notes');
    expect(written.expectations[0]).toMatchObject({ type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } });
    expect(written.expectations[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(problemsOf({ expectation_suite_name: 'old', expectations: [{ expectation_type: 'expect_column_values_to_be_null', kwargs: {} }] })[0].path).toBe('$.expectations[0].kwargs.column');
  });
});
