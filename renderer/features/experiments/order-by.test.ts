import { describe, expect, it } from 'vitest';
import { entityKey, nextSort, orderByClause, quoteKey } from './order-by';

describe('quoteKey', () => {
  it('leaves plain identifiers bare', () => {
    expect(quoteKey('accuracy')).toBe('accuracy');
    expect(quoteKey('val_loss_2')).toBe('val_loss_2');
  });

  it('backticks keys with non-word characters or a leading digit', () => {
    expect(quoteKey('val loss')).toBe('`val loss`');
    expect(quoteKey('train.acc')).toBe('`train.acc`');
    expect(quoteKey('f1-score')).toBe('`f1-score`');
    expect(quoteKey('a/b')).toBe('`a/b`');
    expect(quoteKey('1st')).toBe('`1st`');
  });

  it('double-quotes a key that itself holds a backtick', () => {
    expect(quoteKey('odd`key')).toBe('"odd`key"');
  });
});

describe('order_by clauses', () => {
  it('prefixes the entity and appends the direction', () => {
    expect(orderByClause(entityKey('metrics', 'val loss'), 'DESC')).toBe('metrics.`val loss` DESC');
    expect(orderByClause(entityKey('params', 'lr'), 'ASC')).toBe('params.lr ASC');
    expect(orderByClause(entityKey('attributes', 'start_time'), 'DESC')).toBe('attributes.start_time DESC');
  });

  it('cycles a column through both directions and back to unsorted', () => {
    const first = nextSort(null, 'metric:acc', 'DESC');
    expect(first).toEqual({ columnId: 'metric:acc', direction: 'DESC' });
    const second = nextSort(first, 'metric:acc', 'DESC');
    expect(second).toEqual({ columnId: 'metric:acc', direction: 'ASC' });
    expect(nextSort(second, 'metric:acc', 'DESC')).toBeNull();
    expect(nextSort(second, 'param:lr', 'ASC')).toEqual({ columnId: 'param:lr', direction: 'ASC' });
  });
});
