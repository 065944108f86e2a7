import { describe, expect, it } from 'vitest';
import { likeRegex, pythonFloatText, pythonRegex, pythonTimestampText } from './python-text.js';

describe('Python str() of values', () => {
  it('prints floats as Python does', () => {
    expect(pythonFloatText(1)).toBe('1.0');
    expect(pythonFloatText(1e-5)).toBe('1e-05');
    expect(pythonFloatText(0.0001)).toBe('0.0001');
    expect(pythonFloatText(1e16)).toBe('1e+16');
    expect(pythonFloatText(1e15)).toBe('1000000000000000.0');
    expect(pythonFloatText(1e-7)).toBe('1e-07');
    expect(pythonFloatText(-123.456)).toBe('-123.456');
    expect(pythonFloatText(1.5e300)).toBe('1.5e+300');
  });

  it('prints timestamps as pandas does', () => {
    expect(pythonTimestampText(Date.UTC(2024, 0, 31, 12))).toBe('2024-01-31 12:00:00');
    expect(pythonTimestampText(Date.UTC(2024, 0, 31, 12, 0, 0, 123))).toBe('2024-01-31 12:00:00.123000');
  });
});

describe('Python regex translation', () => {
  it('translates named groups, \\A, \\Z, leading flags and loose braces', () => {
    expect(pythonRegex('(?P<year>\\d{4})-(?P=year)').test('2024-2024')).toBe(true);
    expect(pythonRegex('(?i)^abc$').test('ABC')).toBe(true);
    expect(pythonRegex('\\Aab\\Z').test('ab')).toBe(true);
    expect(pythonRegex('\\Aab\\Z').test('ab\n')).toBe(false);
    expect(pythonRegex('ab$').test('ab\n')).toBe(true);
    expect(pythonRegex('a{,2}b').test('aab')).toBe(true);
    expect(pythonRegex('{x}').test('{x}')).toBe(true);
    expect(pythonRegex('\\-\\#').test('-#')).toBe(true);
    expect(pythonRegex('[\\[]]').test('[]')).toBe(true);
    expect(pythonRegex('[]a]').test(']')).toBe(true);
  });

  it('refuses what JS cannot express, naming the construct', () => {
    expect(() => pythonRegex('(?x) a b')).toThrow(/\(\?x\) verbose mode/);
    expect(() => pythonRegex('(a)?(?(1)b|c)')).toThrow(/conditional/);
    expect(() => pythonRegex('a++')).toThrow(/possessive/);
    expect(() => pythonRegex('(?>a)')).toThrow(/atomic/);
    expect(() => pythonRegex('(')).toThrow(/invalid regex/);
  });

  it('keeps \\d ASCII unless Unicode classes are asked for', () => {
    expect(pythonRegex('^\\d$').test('٣')).toBe(false);
    expect(pythonRegex('^\\d$', { unicodeClasses: true }).test('٣')).toBe(true);
    expect(pythonRegex('^\\w+$', { unicodeClasses: true }).test('café')).toBe(true);
  });
});

describe('LIKE', () => {
  it('anchors, escapes and stays case-sensitive', () => {
    expect(likeRegex('a_c%').test('abcdef')).toBe(true);
    expect(likeRegex('a_c%').test('Abc')).toBe(false);
    expect(likeRegex('1.5%').test('105')).toBe(false);
  });
});
