import { describe, expect, it } from 'vitest';
import type { ExpectationCatalogEntry, JsonObject } from '../../../core/api/validation-contract';
import { describeProblem, documentFromDrafts, draftsFromDocument, problemsOnDrafts } from './suite-draft';

const catalog: ExpectationCatalogEntry[] = [
  { type: 'expect_column_values_to_not_be_null', kind: 'map', description: '', kwargs: [{ name: 'column', kind: 'column', required: true }, { name: 'mostly', kind: 'mostly', required: false }] },
];
const document: JsonObject = {
  name: 'churn_checks',
  id: 's1',
  expectations: [
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'customer_id' }, meta: {}, id: 'a' },
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'tenure', mostly: 0.9 }, meta: {}, id: 'b' },
  ],
  suite_parameters: {},
  meta: { great_expectations_version: '1.2.0' },
  notes: 'kept',
};

describe('suite drafts', () => {
  it('rebuilds the same document from untouched drafts', () => {
    const drafts = draftsFromDocument(document, catalog);
    expect(documentFromDrafts(document, drafts, catalog)).toEqual({ document, problems: [] });
  });

  it('pins the core\'s problems on the expectation and field they name', () => {
    const drafts = draftsFromDocument(document, catalog);
    const problems = problemsOnDrafts(
      [
        { path: '$.expectations[1].kwargs.mostly', message: 'must be a number between 0 and 1' },
        { path: '$.expectations[0].kwargs', message: 'min_value and max_value cannot both be null' },
        { path: '$.name', message: 'is required' },
      ],
      drafts,
    );
    expect(problems).toEqual([
      { draftKey: drafts[1].key, field: 'mostly', message: 'must be a number between 0 and 1' },
      { draftKey: drafts[0].key, field: 'kwargs', message: 'min_value and max_value cannot both be null' },
      { draftKey: null, field: null, message: '$.name: is required' },
    ]);
    expect(describeProblem(problems[0], drafts)).toBe('#2 expect_column_values_to_not_be_null · mostly: must be a number between 0 and 1');
  });

  it('reports unreadable fields before anything is sent', () => {
    const drafts = draftsFromDocument(document, catalog);
    drafts[0].fields.mostly = { control: 'text', text: 'most' };
    expect(documentFromDrafts(document, drafts, catalog).problems).toEqual([{ draftKey: drafts[0].key, field: 'mostly', message: 'must be a number' }]);
  });
});
