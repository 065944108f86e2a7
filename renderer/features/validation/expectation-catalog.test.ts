import { describe, expect, it } from 'vitest';
import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';
import { groupCatalog, shortTypeName } from './expectation-catalog';

const entry = (type: string, kind: ExpectationCatalogEntry['kind']): ExpectationCatalogEntry => ({ type, kind, description: type, kwargs: [] });

describe('groupCatalog', () => {
  it('groups types by what they look at, table first, sorted by short name, leaving out empty groups', () => {
    const groups = groupCatalog([
      entry('expect_column_values_to_not_be_null', 'map'),
      entry('expect_column_mean_to_be_between', 'aggregate'),
      entry('expect_column_values_to_be_between', 'map'),
      entry('expect_table_row_count_to_be_between', 'table'),
    ]);
    expect(groups.map((group) => group.label)).toEqual(['Table', 'Column values', 'Column statistics']);
    expect(groups[1].entries.map((item) => item.type)).toEqual(['expect_column_values_to_be_between', 'expect_column_values_to_not_be_null']);
  });

  it('shortens a type to words', () => {
    expect(shortTypeName('expect_column_values_to_be_in_set')).toBe('column values to be in set');
  });
});
