import { describe, expect, it } from 'vitest';
import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';
import { changeDraftType, draftFromExpectation, draftToExpectation, fieldFromValue, fieldToValue, formatListItem, newDraft, parseListItem } from './expectation-form';

const between: ExpectationCatalogEntry = {
  type: 'expect_column_values_to_be_between',
  kind: 'map',
  description: '',
  kwargs: [
    { name: 'column', kind: 'column', required: true },
    { name: 'mostly', kind: 'mostly', required: false },
    { name: 'min_value', kind: 'bound', required: false },
    { name: 'max_value', kind: 'bound', required: false },
    { name: 'strict_min', kind: 'boolean', required: false },
  ],
};
const inSet: ExpectationCatalogEntry = {
  type: 'expect_column_values_to_be_in_set',
  kind: 'map',
  description: '',
  kwargs: [
    { name: 'column', kind: 'column', required: true },
    { name: 'value_set', kind: 'valueSet', required: true },
    { name: 'mostly', kind: 'mostly', required: false },
  ],
};

describe('value-set items', () => {
  it('keeps each member\'s JSON type through the text a person edits', () => {
    const values = ['north', 1, 2.5, true, null, '1', 'true', ''];
    const texts = values.map(formatListItem);
    expect(texts).toEqual(['north', '1', '2.5', 'true', 'null', '"1"', '"true"', '""']);
    expect(texts.map(parseListItem)).toEqual(values);
  });
});

describe('fields and kwargs', () => {
  it('reads numbers, bounds and mostly from text, and leaves empty optional fields out', () => {
    expect(fieldToValue('bound', { control: 'text', text: '0.5' })).toEqual({ value: 0.5 });
    expect(fieldToValue('bound', { control: 'text', text: '2024-01-01' })).toEqual({ value: '2024-01-01' });
    expect(fieldToValue('mostly', { control: 'text', text: ' ' })).toEqual({});
    expect(fieldToValue('count', { control: 'text', text: 'ten' })).toEqual({ error: 'must be a number' });
    expect(fieldToValue('optionalBoolean', { control: 'flag', value: false })).toEqual({ value: false });
    expect(fieldToValue('interpolation', { control: 'choice', value: 'true' })).toEqual({ value: true });
    expect(fieldToValue('quantileRanges', { control: 'json', text: '{"quantiles": [' })).toEqual({ error: 'is not valid JSON' });
  });

  it('edits a suite parameter or a mistyped value as JSON rather than losing it', () => {
    expect(fieldFromValue('bound', { $PARAMETER: 'upper' })).toEqual({ control: 'json', text: '{"$PARAMETER":"upper"}' });
    expect(fieldFromValue('column', 3)).toEqual({ control: 'json', text: '3' });
    expect(fieldFromValue('bound', '10')).toEqual({ control: 'json', text: '"10"' });
  });
});

describe('drafts', () => {
  const expectation = {
    type: 'expect_column_values_to_be_between',
    kwargs: { column: 'tenure', min_value: 0.0, max_value: null, result_format: 'SUMMARY' },
    meta: { owner: 'ada' },
    id: 'e1',
    notes: ['line one', 'line two'],
    rendered_content: [{ kept: true }],
  };

  it('writes an untouched expectation back exactly as it was loaded', () => {
    const { expectation: written, errors } = draftToExpectation(draftFromExpectation(expectation, between), between);
    expect(errors).toEqual({});
    expect(written).toEqual(expectation);
  });

  it('writes edited fields with their JSON types and keeps kwargs outside the form', () => {
    const draft = draftFromExpectation(expectation, between);
    draft.fields.max_value = { control: 'text', text: '120' };
    draft.fields.mostly = { control: 'text', text: '0.95' };
    draft.fields.strict_min = { control: 'flag', value: true };
    draft.notes = 'tenure is in months';
    const { expectation: written } = draftToExpectation(draft, between);
    expect(written.kwargs).toEqual({ result_format: 'SUMMARY', column: 'tenure', mostly: 0.95, min_value: 0, max_value: 120, strict_min: true });
    expect(written.notes).toBe('tenure is in months');
  });

  it('names the fields whose text cannot be read', () => {
    const draft = draftFromExpectation(expectation, between);
    draft.fields.mostly = { control: 'text', text: 'most' };
    draft.meta = '{"owner": ';
    expect(draftToExpectation(draft, between).errors).toEqual({ mostly: 'must be a number', meta: 'is not valid JSON' });
  });

  it('starts a new expectation on the only column and carries the column over when the type changes', () => {
    const draft = newDraft(between, 'plan');
    expect(draftToExpectation(draft, between).expectation).toEqual({ type: between.type, kwargs: { column: 'plan' }, meta: {} });
    const changed = changeDraftType(draft, inSet);
    changed.fields.value_set = { control: 'list', items: ['basic', '"2"', '3'] };
    expect(draftToExpectation(changed, inSet).expectation.kwargs).toEqual({ column: 'plan', value_set: ['basic', '2', 3] });
  });

  it('keeps an unknown type whole, its kwargs edited as JSON', () => {
    const unknown = { type: 'expect_column_values_to_be_teleported', kwargs: { column: 'plan', distance: 3 }, meta: {}, id: 'u1' };
    const draft = draftFromExpectation(unknown, undefined);
    expect(draftToExpectation(draft, undefined).expectation).toEqual(unknown);
    draft.rawKwargs = '[1]';
    expect(draftToExpectation(draft, undefined).errors).toEqual({ kwargs: 'must be a JSON object' });
  });
});
