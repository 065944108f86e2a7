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

export interface ParsedParams {
  /** Only the parameters the user set; the core fills in the defaults. */
  values: Record<string, ParamValue>;
  errors: Record<string, string>;
}

export function parseParams(specs: readonly ModelParamSpec[], draft: ParamDraft): ParsedParams {
  const values: Record<string, ParamValue> = {};
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const parsed = parseParam(spec, draft[spec.name]);
    if (!parsed.ok) errors[spec.name] = parsed.error;
    else if (parsed.value !== undefined) values[spec.name] = parsed.value;
  }
  return { values, errors };
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
