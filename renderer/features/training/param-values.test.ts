import { describe, expect, it } from 'vitest';
import type { ModelParamSpec } from '../../../core/api/contract';
import { carryOver, paramOfErrorField, parseParam, parseParams, rangeHint } from './param-values';

const C: ModelParamSpec = { name: 'C', type: 'number', default: 1, min: 0, minInclusive: false, description: 'inverse regularisation' };
const maxIter: ModelParamSpec = { name: 'max_iter', type: 'integer', default: 1000, min: 1, max: 100_000, description: 'iterations' };
const alpha: ModelParamSpec = { name: 'alpha', type: 'number', default: 1, min: 0, description: 'L2 strength' };
const intercept: ModelParamSpec = { name: 'fit_intercept', type: 'boolean', default: true, description: 'learn an intercept' };

describe('rangeHint', () => {
  it('states open and closed bounds as the core does', () => {
    expect(rangeHint(C)).toBe('> 0');
    expect(rangeHint(alpha)).toBe('≥ 0');
    expect(rangeHint(maxIter)).toBe('≥ 1 and ≤ 100000');
    expect(rangeHint(intercept)).toBe('');
  });
});

describe('parseParam', () => {
  it('leaves an empty field to the default', () => {
    expect(parseParam(C, '')).toEqual({ ok: true, value: undefined });
    expect(parseParam(C, '   ')).toEqual({ ok: true, value: undefined });
    expect(parseParam(intercept, undefined)).toEqual({ ok: true, value: undefined });
  });

  it('reads decimals, exponents and booleans', () => {
    expect(parseParam(C, ' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseParam(C, '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseParam(intercept, 'false')).toEqual({ ok: true, value: false });
  });

  it('rejects words, hex, fractions for integers and values outside the range', () => {
    expect(parseParam(C, 'abc')).toEqual({ ok: false, error: 'Enter a number > 0.' });
    expect(parseParam(C, '0x10')).toMatchObject({ ok: false });
    expect(parseParam(C, '0')).toEqual({ ok: false, error: 'Must be > 0.' });
    expect(parseParam(alpha, '0')).toEqual({ ok: true, value: 0 });
    expect(parseParam(maxIter, '2.5')).toEqual({ ok: false, error: 'Enter a whole number ≥ 1 and ≤ 100000.' });
    expect(parseParam(maxIter, '100001')).toEqual({ ok: false, error: 'Must be ≥ 1 and ≤ 100000.' });
    expect(parseParam(intercept, 'yes')).toMatchObject({ ok: false });
  });
});

describe('parseParams', () => {
  it('sends only what was set, and collects every error by name', () => {
    expect(parseParams([C, maxIter, intercept], { C: '0.1', fit_intercept: 'false' })).toEqual({
      values: { C: 0.1, fit_intercept: false },
      errors: {},
    });
    expect(parseParams([C, maxIter], { C: '-1', max_iter: 'ten' }).errors).toEqual({
      C: 'Must be > 0.',
      max_iter: 'Enter a whole number ≥ 1 and ≤ 100000.',
    });
  });

  it('ignores text left over for parameters the model does not have', () => {
    expect(parseParams([alpha], { C: 'nonsense', alpha: '2' })).toEqual({ values: { alpha: 2 }, errors: {} });
    expect(carryOver({ C: '2', alpha: '', fit_intercept: 'false' }, [alpha, intercept])).toEqual({ fit_intercept: 'false' });
  });
});

describe('paramOfErrorField', () => {
  it('reads the parameter a 400 names', () => {
    expect(paramOfErrorField('params.C')).toBe('C');
    expect(paramOfErrorField('target')).toBeNull();
    expect(paramOfErrorField(undefined)).toBeNull();
  });
});
