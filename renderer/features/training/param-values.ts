// The Train dialog's parameter fields hold text; this turns it into the typed values POST /api/train
// takes, with the same checks as the core (core/training/model-catalogue.ts resolveParams) so a bad
// value is caught beside its field before the request is sent.
import type { ModelParamSpec } from '../../../core/api/contract';

/** Raw field text by parameter name; '' (or a missing entry) means "use the default". */
export type ParamDraft = Record<string, string>;

export type ParamValue = number | boolean;

export type ParsedParam = { ok: true; value: ParamValue | undefined } | { ok: false; error: string };

/** "> 0", "≥ 1 and ≤ 100000", or '' when the parameter has no bounds. */
export function rangeHint(spec: ModelParamSpec): string {
  if (spec.type === 'boolean') return '';
  const low = spec.min === undefined ? '' : `${spec.minInclusive === false ? '>' : '≥'} ${spec.min}`;
  const high = spec.max === undefined ? '' : `≤ ${spec.max}`;
  return [low, high].filter(Boolean).join(' and ');
}

function kindWords(spec: ModelParamSpec): string {
  return spec.type === 'integer' ? 'a whole number' : 'a number';
}

export function parseParam(spec: ModelParamSpec, raw: string | undefined): ParsedParam {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: true, value: undefined };
  if (spec.type === 'boolean') {
    if (text === 'true') return { ok: true, value: true };
    if (text === 'false') return { ok: true, value: false };
    return { ok: false, error: 'Choose true or false.' };
  }
  // Number('') and Number(' ') are 0, and Number('0x10') is 16: accept plain decimals only.
  const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
  const range = rangeHint(spec);
  const expected = `${kindWords(spec)}${range ? ` ${range}` : ''}`;
  if (!Number.isFinite(value)) return { ok: false, error: `Enter ${expected}.` };
  if (spec.type === 'integer' && !Number.isInteger(value)) return { ok: false, error: `Enter ${expected}.` };
  const belowMin = spec.min !== undefined && (spec.minInclusive === false ? value <= spec.min : value < spec.min);
  const aboveMax = spec.max !== undefined && value > spec.max;
  if (belowMin || aboveMax) return { ok: false, error: `Must be ${range}.` };
  return { ok: true, value };
}

/** Hyperparameter search mode of the Train dialog; 'none' trains one model. */
export type SearchMode = 'none' | 'grid' | 'random';

export type ParsedSearchParam = { ok: true; value: ParamValue | string | undefined } | { ok: false; error: string };

/**
 * With a search on, a field may also hold a list "0.01,0.1" (grid or random) or, for random search,
 * a range "0.01..0.3" of a number parameter; each value is checked as a single value would be.
 * A list or range is sent as its normalised text, the form POST /api/train takes.
 */
export function parseSearchParam(spec: ModelParamSpec, raw: string | undefined, mode: SearchMode): ParsedSearchParam {
  const text = (raw ?? '').trim();
  if (mode === 'none' || text === '') return parseParam(spec, raw);
  if (text.includes('..')) {
    if (mode !== 'random') return { ok: false, error: 'Ranges (lo..hi) are for random search; list values with commas.' };
    if (spec.type === 'boolean') return { ok: false, error: 'A true/false parameter takes a list, not a range.' };
    const bounds = text.split('..').map((part) => part.trim());
    if (bounds.length !== 2) return { ok: false, error: 'Write a range as lo..hi.' };
    const parsed = bounds.map((bound) => parseParam(spec, bound));
    for (const [index, bound] of parsed.entries()) {
      if (!bound.ok) return bound;
      if (bound.value === undefined) return { ok: false, error: `Enter the range's ${index === 0 ? 'low' : 'high'} end.` };
    }
    const [low, high] = parsed.map((bound) => (bound.ok ? (bound.value as number) : 0));
    if (low > high) return { ok: false, error: 'The low end must not exceed the high end.' };
    return { ok: true, value: `${low}..${high}` };
  }
  if (text.includes(',')) {
    const items = text.split(',').map((part) => part.trim());
    const values: ParamValue[] = [];
    for (const item of items) {
      if (item === '') return { ok: false, error: 'Separate values with single commas.' };
      const parsed = parseParam(spec, item);
      if (!parsed.ok) return { ok: false, error: `${item}: ${parsed.error}` };
      values.push(parsed.value as ParamValue);
    }
    return { ok: true, value: values.map(String).join(',') };
  }
  return parseParam(spec, raw);
}

export interface ParsedParams {
  /** Only the parameters the user set; the core fills in the defaults. Lists and ranges stay text. */
  values: Record<string, ParamValue | string>;
  errors: Record<string, string>;
}

export function parseParams(specs: readonly ModelParamSpec[], draft: ParamDraft, mode: SearchMode = 'none'): ParsedParams {
  const values: Record<string, ParamValue | string> = {};
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const parsed = parseSearchParam(spec, draft[spec.name], mode);
    if (!parsed.ok) errors[spec.name] = parsed.error;
    else if (parsed.value !== undefined) values[spec.name] = parsed.value;
  }
  return { values, errors };
}

/** Random search's trial count: a whole number 1..200, or an error. */
export function parseTrials(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 200) return { ok: false, error: 'Enter a whole number from 1 to 200.' };
  return { ok: true, value };
}

export function formatDefault(spec: ModelParamSpec): string {
  return String(spec.default);
}

/** Keeps what the user typed for parameters the new model or task also has, drops the rest. */
export function carryOver(draft: ParamDraft, specs: readonly ModelParamSpec[]): ParamDraft {
  const kept: ParamDraft = {};
  for (const spec of specs) if (draft[spec.name]) kept[spec.name] = draft[spec.name];
  return kept;
}

/** A 400 from POST /api/train names the parameter in details.field as "params.NAME". */
export function paramOfErrorField(field: unknown): string | null {
  return typeof field === 'string' && field.startsWith('params.') ? field.slice('params.'.length) : null;
}
