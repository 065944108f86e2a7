// Builds `order_by` clauses in MLflow's grammar, e.g. metrics.`val loss` DESC.

export type SortDirection = 'ASC' | 'DESC';

export interface SortState {
  columnId: string;
  direction: SortDirection;
}

export type EntityPrefix = 'metrics' | 'params' | 'tags' | 'attributes';

/**
 * Bare identifiers are word characters only; anything else (spaces, dots, slashes, dashes, a
 * leading digit) is quoted. MLflow accepts backticks or double quotes, so a key holding a
 * backtick is double-quoted instead.
 */
export function quoteKey(key: string): string {
  if (/^[A-Za-z_]\w*$/.test(key)) return key;
  return key.includes('`') ? `"${key}"` : `\`${key}\``;
}

export function entityKey(prefix: EntityPrefix, key: string): string {
  return `${prefix}.${quoteKey(key)}`;
}

export function orderByClause(sortKey: string, direction: SortDirection): string {
  return `${sortKey} ${direction}`;
}

/**
 * Header clicks cycle first direction → other direction → unsorted. Numbers and times start
 * descending (best or newest first); text starts ascending.
 */
export function nextSort(current: SortState | null, columnId: string, firstDirection: SortDirection): SortState | null {
  if (!current || current.columnId !== columnId) return { columnId, direction: firstDirection };
  if (current.direction === firstDirection) return { columnId, direction: firstDirection === 'DESC' ? 'ASC' : 'DESC' };
  return null;
}
