// Feature repo objects with Feast's snake_case field names (reference §1), so a Feast repo
// transcribes 1:1. Plain data: they cross worker threads and are diffed field by field.

/** Feast's scalar dtypes (`types.py`); `Array(T)` wraps one of them. */
export const scalarDtypes = ['Int32', 'Int64', 'Float32', 'Float64', 'String', 'Bool', 'UnixTimestamp', 'Bytes'] as const;

export function isFeastDtype(text: string): boolean {
  const inner = /^Array\((\w+)\)$/.exec(text)?.[1] ?? text;
  return (scalarDtypes as readonly string[]).includes(inner);
}

/** Where an object came from, for error messages; never part of a diff. */
export interface DefinitionOrigin {
  file: string;
  line: number;
  column: number;
}

export interface FieldDefinition {
  name: string;
  /** Undefined when the schema was inferred from the source header (dtype then comes from the data). */
  dtype?: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface EntityDefinition {
  name: string;
  /** v1 accepts exactly one join key (reference §1); Feast defaults it to the entity name. */
  join_keys: string[];
  value_type?: string;
  description?: string;
  tags?: Record<string, string>;
  owner?: string;
  origin?: DefinitionOrigin;
}

export interface SourceDefinition {
  name: string;
  /** Relative to the repo folder; exactly one of path and dataset. */
  path?: string;
  dataset?: string;
  file_format?: 'csv' | 'parquet';
  timestamp_field: string;
  created_timestamp_column?: string;
  /** source column → Feast name; renames entity, timestamp and created columns too (P13). */
  field_mapping?: Record<string, string>;
  description?: string;
  tags?: Record<string, string>;
  owner?: string;
  origin?: DefinitionOrigin;
}

export interface FeatureViewDefinition {
  name: string;
  source: string;
  entities: string[];
  /** As written (`30d`, `12h`, `0`); `ttlMs` is the parsed value, 0 = unlimited. */
  ttl: string;
  ttlMs: number;
  /** Features only: fields named like a join key are entity columns, not features. */
  schema: FieldDefinition[];
  online: boolean;
  offline: boolean;
  description?: string;
  tags?: Record<string, string>;
  owner?: string;
  origin?: DefinitionOrigin;
}

/** One entry of a service: a whole view, or a subset of its features. */
export interface FeatureServiceEntry {
  feature_view: string;
  /** Undefined = every feature of the view. */
  features?: string[];
}

export interface FeatureServiceDefinition {
  name: string;
  features: FeatureServiceEntry[];
  description?: string;
  tags?: Record<string, string>;
  owner?: string;
  origin?: DefinitionOrigin;
}

export interface FeatureRepo {
  project: string;
  entities: EntityDefinition[];
  sources: SourceDefinition[];
  feature_views: FeatureViewDefinition[];
  feature_services: FeatureServiceDefinition[];
}

const ttlUnits: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/**
 * `30d`, `12h`, `1d12h`, `90m`, `45s`, `2w`; `0` (or null) = unlimited lookback. A bare number
 * other than 0 is refused: Feast's ttl is a timedelta and a unitless value is ambiguous.
 */
export function parseTtl(value: unknown): number {
  if (value === null || value === undefined || value === 0 || value === '0') return 0;
  if (typeof value !== 'string') throw new Error(`ttl must be a duration such as 30d, 12h, 90m or 0 (unlimited), got ${JSON.stringify(value)}`);
  const text = value.trim();
  if (!/^(\d+[wdhms])+$/.test(text)) throw new Error(`ttl "${value}" is not a duration: use digits with a unit w, d, h, m or s (e.g. 30d, 1d12h), or 0 for unlimited`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * ttlUnits[unit];
  return total;
}

/** The feature names of a view (its schema less entity columns). */
export function viewFeatureNames(view: FeatureViewDefinition): string[] {
  return view.schema.map((field) => field.name);
}

/** The physical join keys of a view, in entity order. */
export function viewJoinKeys(view: FeatureViewDefinition, entities: readonly EntityDefinition[]): string[] {
  return view.entities.flatMap((name) => entities.find((entity) => entity.name === name)?.join_keys ?? []);
}
