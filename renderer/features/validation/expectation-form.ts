// Form state for one expectation and its conversion to and from GX JSON. Each kwarg gets a control
// by its catalogue kind; a value its control cannot show (a {"$PARAMETER": …} reference, a wrong
// type in an imported file) is edited as JSON instead, and a field left as it was writes back the
// exact original value, so opening and saving a suite never changes what was not touched.
import type { ExpectationCatalogEntry, ExpectationKwargKind, JsonObject } from '../../../core/api/validation-contract';

type Json = JsonObject[string];

export type FieldState =
  | { control: 'text'; text: string }
  | { control: 'list'; items: string[] }
  | { control: 'flag'; value: boolean | null }
  | { control: 'choice'; value: string }
  | { control: 'json'; text: string };

export interface ExpectationDraft {
  /** Stable across edits, for React keys and for pinning server problems to a row. */
  key: string;
  type: string;
  /** Absent on a new expectation: the core gives it one. */
  id?: string;
  fields: Record<string, FieldState>;
  /** The kwargs as loaded, for writing back untouched fields exactly. */
  initial: JsonObject;
  /** Kwargs outside the catalogue (result_format, catch_exceptions, or all of an unknown type's). */
  extraKwargs: JsonObject;
  /** Unknown types only: their kwargs as JSON text. */
  rawKwargs: string | null;
  meta: string;
  notes: string;
  /** Notes as loaded (GX allows a list of lines), written back when the text is unchanged. */
  initialNotes?: Json;
  /** Other keys of the expectation (description, rendered_content…), kept as they were. */
  rest: JsonObject;
}

export const choiceOptions: Partial<Record<ExpectationKwargKind, readonly string[]>> = {
  matchOn: ['any', 'all'],
  multicolumnIgnore: ['all_values_are_missing', 'any_value_is_missing', 'never'],
  pairIgnore: ['both_values_are_missing', 'either_value_is_missing', 'neither'],
  interpolation: ['false', 'true', 'linear', 'lower', 'higher', 'midpoint', 'nearest'],
};

function isStringList(value: Json): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * A value-set member as typed text: plain for strings, JSON for anything a plain reading would
 * misread ("1", "true", blank or padded text, which the list editor would trim away).
 */
export function formatListItem(value: Json): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return value !== '' && value.trim() === value && parseListItem(value) === value ? value : JSON.stringify(value);
}

/** Numbers, true/false/null and "quoted" text read as JSON; anything else is the text itself. */
export function parseListItem(text: string): Json {
  const trimmed = text.trim();
  if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|".*")$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

function asJsonText(value: Json | undefined): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** The control state that shows `value` (undefined = not set). */
export function fieldFromValue(kind: ExpectationKwargKind, value: Json | undefined): FieldState {
  const json: FieldState = { control: 'json', text: asJsonText(value) };
  switch (kind) {
    case 'column':
    case 'string':
      if (value === undefined || value === null) return { control: 'text', text: '' };
      return typeof value === 'string' ? { control: 'text', text: value } : json;
    case 'number':
    case 'count':
    case 'mostly':
      if (value === undefined || value === null) return { control: 'text', text: '' };
      return typeof value === 'number' ? { control: 'text', text: String(value) } : json;
    case 'bound':
      if (value === undefined || value === null) return { control: 'text', text: '' };
      if (typeof value === 'number') return { control: 'text', text: String(value) };
      // A date bound stays text; one that reads as a number would come back as a number, so it is JSON.
      return typeof value === 'string' && !Number.isFinite(Number(value)) ? { control: 'text', text: value } : json;
    case 'columns':
    case 'strings':
      if (value === undefined || value === null) return { control: 'list', items: [] };
      return isStringList(value) ? { control: 'list', items: value } : json;
    case 'valueSet':
      if (value === undefined || value === null) return { control: 'list', items: [] };
      return Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object') ? { control: 'list', items: value.map(formatListItem) } : json;
    case 'boolean':
    case 'optionalBoolean':
      if (value === undefined || value === null) return { control: 'flag', value: null };
      return typeof value === 'boolean' ? { control: 'flag', value } : json;
    case 'matchOn':
    case 'multicolumnIgnore':
    case 'pairIgnore':
    case 'interpolation': {
      if (value === undefined || value === null) return { control: 'choice', value: '' };
      const text = typeof value === 'boolean' ? String(value) : value;
      return typeof text === 'string' && choiceOptions[kind]?.includes(text) ? { control: 'choice', value: text } : json;
    }
    case 'quantileRanges':
      return json;
  }
}

export interface FieldValue {
  /** Undefined: leave the kwarg out. */
  value?: Json;
  /** Why the text cannot become a value; the field is shown invalid and the suite is not sent. */
  error?: string;
}

/** The kwarg value a control state stands for. */
export function fieldToValue(kind: ExpectationKwargKind, state: FieldState): FieldValue {
  switch (state.control) {
    case 'text': {
      const text = state.text.trim();
      if (text === '') return {};
      if (kind === 'column' || kind === 'string') return { value: state.text };
      const number = Number(text);
      if (kind === 'bound') return { value: Number.isFinite(number) ? number : text };
      if (!Number.isFinite(number)) return { error: 'must be a number' };
      return { value: number };
    }
    case 'list': {
      const items = state.items.filter((item) => item.trim() !== '');
      if (items.length === 0) return {};
      return { value: kind === 'valueSet' ? items.map(parseListItem) : items.map((item) => item.trim()) };
    }
    case 'flag':
      return state.value === null ? {} : { value: state.value };
    case 'choice':
      if (state.value === '') return {};
      return { value: state.value === 'true' ? true : state.value === 'false' ? false : state.value };
    case 'json': {
      if (state.text.trim() === '') return {};
      try {
        return { value: JSON.parse(state.text) as Json };
      } catch {
        return { error: 'is not valid JSON' };
      }
    }
  }
}

function sameState(a: FieldState, b: FieldState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

let nextKey = 0;
function newKey(): string {
  nextKey += 1;
  return `expectation-${nextKey}`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notesText(notes: Json | undefined): string {
  if (typeof notes === 'string') return notes;
  return Array.isArray(notes) ? notes.join('\n') : '';
}

function fieldsFor(entry: ExpectationCatalogEntry, kwargs: JsonObject): Record<string, FieldState> {
  return Object.fromEntries(entry.kwargs.map((kwarg) => [kwarg.name, fieldFromValue(kwarg.kind, kwargs[kwarg.name])]));
}

function extraOf(entry: ExpectationCatalogEntry | undefined, kwargs: JsonObject): JsonObject {
  if (!entry) return {};
  const known = new Set(entry.kwargs.map((kwarg) => kwarg.name));
  return Object.fromEntries(Object.entries(kwargs).filter(([name]) => !known.has(name)));
}

/** A draft of one expectation of a suite document. */
export function draftFromExpectation(expectation: JsonObject, entry: ExpectationCatalogEntry | undefined): ExpectationDraft {
  const { type, id, kwargs, meta, notes, ...rest } = expectation;
  const kwargsObject = isObject(kwargs) ? kwargs : {};
  return {
    key: newKey(),
    type: String(type),
    id: typeof id === 'string' ? id : undefined,
    fields: entry ? fieldsFor(entry, kwargsObject) : {},
    initial: kwargsObject,
    extraKwargs: extraOf(entry, kwargsObject),
    rawKwargs: entry ? null : JSON.stringify(kwargsObject, null, 2),
    meta: isObject(meta) && Object.keys(meta).length > 0 ? JSON.stringify(meta, null, 2) : '',
    notes: notesText(notes),
    initialNotes: notes,
    rest,
  };
}

/** A new expectation of `entry`'s type, with `column` filled in when the type takes one. */
export function newDraft(entry: ExpectationCatalogEntry, column?: string): ExpectationDraft {
  const kwargs: JsonObject = column && entry.kwargs.some((kwarg) => kwarg.name === 'column') ? { column } : {};
  return { key: newKey(), type: entry.type, fields: fieldsFor(entry, kwargs), initial: {}, extraKwargs: {}, rawKwargs: null, meta: '', notes: '', rest: {} };
}

/** Another type for the same expectation: kwargs with the same name keep their values. */
export function changeDraftType(draft: ExpectationDraft, entry: ExpectationCatalogEntry): ExpectationDraft {
  const fields: Record<string, FieldState> = {};
  for (const kwarg of entry.kwargs) {
    const previous = draft.fields[kwarg.name];
    const empty = fieldFromValue(kwarg.kind, undefined);
    fields[kwarg.name] = previous && previous.control === empty.control ? previous : empty;
  }
  return { ...draft, type: entry.type, fields, initial: {}, extraKwargs: {}, rawKwargs: null };
}

export interface DraftOutput {
  expectation: JsonObject;
  /** Field name (a kwarg, "kwargs", "meta") → what is wrong with its text. */
  errors: Record<string, string>;
}

/** The GX 1.x expectation a draft stands for, or the fields whose text cannot be read. */
export function draftToExpectation(draft: ExpectationDraft, entry: ExpectationCatalogEntry | undefined): DraftOutput {
  const errors: Record<string, string> = {};
  let kwargs: JsonObject = { ...draft.extraKwargs };
  if (entry) {
    for (const kwarg of entry.kwargs) {
      const state = draft.fields[kwarg.name] ?? fieldFromValue(kwarg.kind, undefined);
      const original = draft.initial[kwarg.name];
      if (sameState(state, fieldFromValue(kwarg.kind, original))) {
        if (original !== undefined) kwargs[kwarg.name] = original;
        continue;
      }
      const { value, error } = fieldToValue(kwarg.kind, state);
      if (error) errors[kwarg.name] = error;
      else if (value !== undefined) kwargs[kwarg.name] = value;
    }
  } else {
    try {
      const parsed = JSON.parse(draft.rawKwargs ?? '{}') as Json;
      if (isObject(parsed)) kwargs = parsed;
      else errors.kwargs = 'must be a JSON object';
    } catch {
      errors.kwargs = 'is not valid JSON';
    }
  }
  let meta: JsonObject = {};
  if (draft.meta.trim() !== '') {
    try {
      const parsed = JSON.parse(draft.meta) as Json;
      if (isObject(parsed)) meta = parsed;
      else errors.meta = 'must be a JSON object';
    } catch {
      errors.meta = 'is not valid JSON';
    }
  }
  const expectation: JsonObject = { type: draft.type, kwargs, meta, ...(draft.id ? { id: draft.id } : {}) };
  if (draft.initialNotes !== undefined && draft.initialNotes !== null && notesText(draft.initialNotes) === draft.notes) expectation.notes = draft.initialNotes;
  else if (draft.notes.trim() !== '') expectation.notes = draft.notes;
  return { expectation: { ...expectation, ...draft.rest }, errors };
}

/** The column(s) an expectation is about, for the table; "table" for table-level ones. */
export function targetOf(kwargs: JsonObject): string {
  if (typeof kwargs.column === 'string') return kwargs.column;
  if (Array.isArray(kwargs.column_list)) return kwargs.column_list.join(', ');
  if (typeof kwargs.column_A === 'string') return `${kwargs.column_A}, ${String(kwargs.column_B)}`;
  return 'table';
}
