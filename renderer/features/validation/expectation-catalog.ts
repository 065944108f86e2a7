// The expectation catalogue as the type picker shows it: grouped by what an expectation looks at,
// in the order a person builds a suite (table shape first, then columns).
import type { ExpectationCatalogEntry } from '../../../core/api/validation-contract';

export type ExpectationCategory = ExpectationCatalogEntry['kind'];

export const categoryLabels: Record<ExpectationCategory, string> = {
  table: 'Table',
  map: 'Column values',
  aggregate: 'Column statistics',
  pair: 'Column pairs',
  multicolumn: 'Multiple columns',
};

const categoryOrder: readonly ExpectationCategory[] = ['table', 'map', 'aggregate', 'pair', 'multicolumn'];

export interface CatalogGroup {
  category: ExpectationCategory;
  label: string;
  entries: ExpectationCatalogEntry[];
}

/** Non-empty groups in a fixed order, each sorted by its entries' short names. */
export function groupCatalog(entries: readonly ExpectationCatalogEntry[]): CatalogGroup[] {
  return categoryOrder
    .map((category) => ({
      category,
      label: categoryLabels[category],
      entries: entries.filter((entry) => entry.kind === category).sort((a, b) => shortTypeName(a.type).localeCompare(shortTypeName(b.type))),
    }))
    .filter((group) => group.entries.length > 0);
}

/** expect_column_values_to_be_between → "column values to be between": what a list has room for. */
export function shortTypeName(type: string): string {
  return type.replace(/^expect_/, '').replaceAll('_', ' ');
}

export function catalogEntryOf(entries: readonly ExpectationCatalogEntry[] | null, type: string): ExpectationCatalogEntry | undefined {
  return entries?.find((entry) => entry.type === type);
}
