import { describe, expect, it } from 'vitest';
import type { ModelParamSpec } from '../../../core/api/contract';
import { carryOver, paramOfErrorField, parseParam, parseParams, parseSearchParam, parseTrials, rangeHint } from './param-values';

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

describe('parseSearchParam', () => {
  it('takes lists under grid and random search, each value checked against the spec', () => {
    expect(parseSearchParam(C, '0.1, 1', 'grid')).toEqual({ ok: true, value: '0.1,1' });
    expect(parseSearchParam(maxIter, '10,100', 'random')).toEqual({ ok: true, value: '10,100' });
    expect(parseSearchParam(intercept, 'true,false', 'grid')).toEqual({ ok: true, value: 'true,false' });
    expect(parseSearchParam(C, '0.1,-1', 'grid')).toEqual({ ok: false, error: '-1: Must be > 0.' });
    expect(parseSearchParam(C, '0.1,,1', 'grid').ok).toBe(false);
    expect(parseSearchParam(C, '0.1,1', 'none').ok).toBe(false);
  });
  it('takes ranges under random search only', () => {
    expect(parseSearchParam(C, '0.01..0.3', 'random')).toEqual({ ok: true, value: '0.01..0.3' });
    expect(parseSearchParam(C, '0.01..0.3', 'grid').ok).toBe(false);
    expect(parseSearchParam(C, '0.3..0.01', 'random').ok).toBe(false);
    expect(parseSearchParam(C, '0..1', 'random')).toEqual({ ok: false, error: 'Must be > 0.' });
    expect(parseSearchParam(maxIter, '1.5..3', 'random').ok).toBe(false);
    expect(parseSearchParam(intercept, 'true..false', 'random').ok).toBe(false);
  });
  it('keeps single values typed', () => {
    expect(parseSearchParam(C, '0.5', 'grid')).toEqual({ ok: true, value: 0.5 });
    expect(parseParams([C, maxIter], { C: '0.1,1', max_iter: '50' }, 'grid')).toEqual({ values: { C: '0.1,1', max_iter: 50 }, errors: {} });
  });
});

describe('parseTrials', () => {
  it('accepts whole numbers from 1 to 200', () => {
    expect(parseTrials('10')).toEqual({ ok: true, value: 10 });
    expect(parseTrials('0').ok).toBe(false);
    expect(parseTrials('201').ok).toBe(false);
    expect(parseTrials('2.5').ok).toBe(false);
  });
});
