// A feature repo: a folder of YAML files with optional top-level lists `entities`, `sources`,
// `feature_views`, `feature_services` in Feast's field names (reference §1). Every problem is
// collected with file, line, column and field, so `apply` can name them all and change nothing.
import { existsSync, openSync, readdirSync, readFileSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../api/errors.js';
import {
  isFeastDtype,
  parseTtl,
  type EntityDefinition,
  type FeatureRepo,
  type FeatureServiceDefinition,
  type FeatureServiceEntry,
  type FeatureViewDefinition,
  type FieldDefinition,
  type SourceDefinition,
} from './definitions.js';
import { parseFeatureRef } from './feature-refs.js';
import { YamlReader, type RepoProblem, type YamlPath } from './yaml-reader.js';

export type { RepoProblem } from './yaml-reader.js';

export interface RepoFile {
  /** Name relative to the repo folder, as shown in messages. */
  file: string;
  text: string;
}

export interface ParseRepoOptions {
  /** The repo folder: source paths resolve against it and CSV headers are checked. */
  directory?: string;
  /** Column names of a stored dataset, when the caller can look them up. */
  datasetColumns?: (name: string) => readonly string[] | undefined;
}

export interface ParsedRepo {
  repo: FeatureRepo;
  problems: RepoProblem[];
  warnings: string[];
}

const configFile = 'feature_store.yaml';
const configKeys = ['project', 'registry', 'provider', 'online_store', 'offline_store', 'entity_key_serialization_version', 'coerce_tz_aware', 'materialization', 'feature_server'];
const topLevelKeys = ['entities', 'sources', 'feature_views', 'feature_services'];
const entityKeys = ['name', 'join_keys', 'value_type', 'description', 'tags', 'owner'];
const sourceKeys = ['name', 'path', 'dataset', 'file_format', 'timestamp_field', 'created_timestamp_column', 'field_mapping', 'description', 'tags', 'owner'];
const viewKeys = ['name', 'source', 'entities', 'ttl', 'schema', 'online', 'offline', 'description', 'tags', 'owner'];
const fieldKeys = ['name', 'dtype', 'description', 'tags'];
const serviceKeys = ['name', 'features', 'description', 'tags', 'owner'];

/** Reads every `*.yaml` / `*.yml` of `directory` (not recursive) and throws on any problem. */
export function loadFeatureRepo(directory: string, options: Omit<ParseRepoOptions, 'directory'> = {}): { repo: FeatureRepo; warnings: string[] } {
  if (!existsSync(directory)) throw new ValidationError(`Feature repo folder ${directory} does not exist`, { directory });
  const files = readdirSync(directory)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => ({ file: name, text: readFileSync(path.join(directory, name), 'utf8') }));
  if (files.length === 0) throw new ValidationError(`Feature repo folder ${directory} has no .yaml files`, { directory });
  const parsed = parseFeatureRepo(files, { ...options, directory });
  if (parsed.problems.length > 0) throw repoError(parsed.problems);
  return { repo: parsed.repo, warnings: parsed.warnings };
}

export function repoError(problems: readonly RepoProblem[]): ValidationError {
  const lines = problems.map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
  return new ValidationError(`The feature repo has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, { problems });
}

export function parseFeatureRepo(files: readonly RepoFile[], options: ParseRepoOptions = {}): ParsedRepo {
  const problems: RepoProblem[] = [];
  const warnings: string[] = [];
  const repo: FeatureRepo = { project: 'default', entities: [], sources: [], feature_views: [], feature_services: [] };
  const readers = new Map<string, YamlReader>();
  for (const { file, text } of files) {
    const reader = new YamlReader(file, text, problems);
    readers.set(file, reader);
    if (!reader.valid) continue;
    const root = reader.root();
    if (root === null || root === undefined) continue;
    if (typeof root !== 'object' || Array.isArray(root)) {
      reader.problem([], 'a feature repo file must be a map with entities, sources, feature_views or feature_services');
      continue;
    }
    const document = root as Record<string, unknown>;
    if (path.basename(file) === configFile) {
      // Feast's repo config: we read the project and ignore the rest, warning on what Feast would not know.
      for (const key of Object.keys(document)) if (!configKeys.includes(key)) warnings.push(`${file}: unknown key "${key}" ignored`);
      repo.project = reader.string(['project'], document.project, { required: false }) ?? repo.project;
      continue;
    }
    reader.checkKeys([], document, topLevelKeys);
    for (const { index, item } of reader.mapList(['entities'], document.entities)) repo.entities.push(...optional(readEntity(reader, ['entities', index], item)));
    for (const { index, item } of reader.mapList(['sources'], document.sources)) repo.sources.push(...optional(readSource(reader, ['sources', index], item)));
    for (const { index, item } of reader.mapList(['feature_views'], document.feature_views)) repo.feature_views.push(...optional(readView(reader, ['feature_views', index], item)));
    for (const { index, item } of reader.mapList(['feature_services'], document.feature_services)) repo.feature_services.push(...optional(readService(reader, ['feature_services', index], item)));
  }
  const report = (origin: { file: string; line: number; column: number } | undefined, field: string, message: string) =>
    problems.push({ file: origin?.file ?? '', line: origin?.line ?? 1, column: origin?.column ?? 1, field, message });
  for (const [kind, list] of [['entity', repo.entities], ['source', repo.sources], ['feature view', repo.feature_views], ['feature service', repo.feature_services]] as const) {
    const seen = new Map<string, (typeof list)[number]>();
    for (const object of list) {
      const first = seen.get(object.name);
      if (first) report(object.origin, 'name', `duplicate ${kind} name "${object.name}" (first defined at ${first.origin?.file}:${first.origin?.line})`);
      else seen.set(object.name, object);
    }
  }
  crossCheck(repo, options, report);
  return { repo, problems, warnings };
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function readEntity(reader: YamlReader, at: YamlPath, item: Record<string, unknown>): EntityDefinition | undefined {
  reader.checkKeys(at, item, entityKeys);
  const name = reader.string([...at, 'name'], item.name, { required: true });
  if (name === undefined) return undefined;
  const joinKeys = reader.stringList([...at, 'join_keys'], item.join_keys) ?? [name];
  if (joinKeys.length !== 1) reader.problem([...at, 'join_keys'], `entity "${name}" must have exactly one join key (v1), got ${joinKeys.length}`);
  const valueType = reader.string([...at, 'value_type'], item.value_type, { required: false });
  if (valueType !== undefined && !isFeastDtype(valueType)) reader.problem([...at, 'value_type'], `unknown dtype "${valueType}"`);
  return { name, join_keys: joinKeys, value_type: valueType, ...common(reader, at, item), origin: reader.origin(at) };
}

function readSource(reader: YamlReader, at: YamlPath, item: Record<string, unknown>): SourceDefinition | undefined {
  reader.checkKeys(at, item, sourceKeys);
  const name = reader.string([...at, 'name'], item.name, { required: true });
  const sourcePath = reader.string([...at, 'path'], item.path, { required: false });
  const dataset = reader.string([...at, 'dataset'], item.dataset, { required: false });
  if ((sourcePath === undefined) === (dataset === undefined)) reader.problem(at, `source "${name ?? '?'}" needs exactly one of "path" (relative to the repo) and "dataset"`);
  if (sourcePath !== undefined && path.isAbsolute(sourcePath)) reader.problem([...at, 'path'], `path "${sourcePath}" must be relative to the repo folder, so the repo can move`);
  const timestampField = reader.string([...at, 'timestamp_field'], item.timestamp_field, { required: true });
  const format = reader.string([...at, 'file_format'], item.file_format, { required: false });
  if (format !== undefined && format !== 'csv' && format !== 'parquet') reader.problem([...at, 'file_format'], `file_format must be csv or parquet, got "${format}"`);
  if (name === undefined || timestampField === undefined) return undefined;
  return {
    name,
    path: sourcePath,
    dataset,
    file_format: (format as SourceDefinition['file_format']) ?? (sourcePath && /\.(parquet|pq)$/i.test(sourcePath) ? 'parquet' : sourcePath ? 'csv' : undefined),
    timestamp_field: timestampField,
    created_timestamp_column: reader.string([...at, 'created_timestamp_column'], item.created_timestamp_column, { required: false }),
    field_mapping: reader.stringMap([...at, 'field_mapping'], item.field_mapping),
    ...common(reader, at, item),
    origin: reader.origin(at),
  };
}

function readView(reader: YamlReader, at: YamlPath, item: Record<string, unknown>): FeatureViewDefinition | undefined {
  reader.checkKeys(at, item, viewKeys);
  const name = reader.string([...at, 'name'], item.name, { required: true });
  const source = reader.string([...at, 'source'], item.source, { required: true });
  const entities = reader.stringList([...at, 'entities'], item.entities) ?? [];
  let ttlMs = 0;
  try {
    ttlMs = parseTtl(item.ttl);
  } catch (error) {
    reader.problem([...at, 'ttl'], (error as Error).message);
  }
  const schema: FieldDefinition[] = [];
  if (item.schema !== undefined && !Array.isArray(item.schema)) reader.problem([...at, 'schema'], '"schema" must be a list of {name, dtype}');
  for (const { index, item: field } of reader.mapList([...at, 'schema'], Array.isArray(item.schema) ? item.schema : undefined)) {
    const fieldAt = [...at, 'schema', index];
    reader.checkKeys(fieldAt, field, fieldKeys);
    const fieldName = reader.string([...fieldAt, 'name'], field.name, { required: true });
    const dtype = reader.string([...fieldAt, 'dtype'], field.dtype, { required: true });
    if (dtype !== undefined && !isFeastDtype(dtype)) reader.problem([...fieldAt, 'dtype'], `unknown dtype "${dtype}"; expected Int32, Int64, Float32, Float64, String, Bool, UnixTimestamp, Bytes or Array(T)`);
    if (fieldName === undefined) continue;
    if (schema.some((existing) => existing.name === fieldName)) reader.problem([...fieldAt, 'name'], `field "${fieldName}" appears twice in the schema`);
    else schema.push({ name: fieldName, dtype, description: reader.string([...fieldAt, 'description'], field.description, { required: false }), tags: reader.stringMap([...fieldAt, 'tags'], field.tags) });
  }
  if (name === undefined || source === undefined) return undefined;
  return {
    name,
    source,
    entities,
    ttl: item.ttl === undefined || item.ttl === null ? '0' : String(item.ttl),
    ttlMs,
    schema,
    online: reader.boolean([...at, 'online'], item.online, true),
    offline: reader.boolean([...at, 'offline'], item.offline, false),
    ...common(reader, at, item),
    origin: reader.origin(at),
  };
}

function readService(reader: YamlReader, at: YamlPath, item: Record<string, unknown>): FeatureServiceDefinition | undefined {
  reader.checkKeys(at, item, serviceKeys);
  const name = reader.string([...at, 'name'], item.name, { required: true });
  const entries: FeatureServiceEntry[] = [];
  if (!Array.isArray(item.features) || item.features.length === 0) reader.problem([...at, 'features'], `feature service "${name ?? '?'}" needs a non-empty "features" list`);
  (Array.isArray(item.features) ? item.features : []).forEach((entry: unknown, index: number) => {
    const entryAt = [...at, 'features', index];
    if (typeof entry === 'string') {
      // `view` takes the whole view, `view:feature` one feature of it.
      if (!entry.includes(':')) return entries.push({ feature_view: entry });
      try {
        const ref = parseFeatureRef(entry);
        const existing = entries.find((candidate) => candidate.feature_view === ref.view && candidate.features);
        if (existing) existing.features!.push(ref.feature);
        else entries.push({ feature_view: ref.view, features: [ref.feature] });
      } catch (error) {
        reader.problem(entryAt, (error as Error).message);
      }
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const map = entry as Record<string, unknown>;
      reader.checkKeys(entryAt, map, ['feature_view', 'features']);
      const view = reader.string([...entryAt, 'feature_view'], map.feature_view, { required: true });
      if (view !== undefined) entries.push({ feature_view: view, features: reader.stringList([...entryAt, 'features'], map.features) });
    } else {
      reader.problem(entryAt, 'a service feature is "view", "view:feature" or {feature_view, features}');
    }
  });
  if (name === undefined) return undefined;
  return { name, features: entries, ...common(reader, at, item), origin: reader.origin(at) };
}

function common(reader: YamlReader, at: YamlPath, item: Record<string, unknown>) {
  return {
    description: reader.string([...at, 'description'], item.description, { required: false }),
    tags: reader.stringMap([...at, 'tags'], item.tags),
    owner: reader.string([...at, 'owner'], item.owner, { required: false }),
  };
}

type Report = (origin: FeatureViewDefinition['origin'], field: string, message: string) => void;

function crossCheck(repo: FeatureRepo, options: ParseRepoOptions, report: Report): void {
  const headers = new Map<string, readonly string[] | undefined>();
  for (const source of repo.sources) headers.set(source.name, sourceColumns(source, options, report));
  for (const view of repo.feature_views) {
    const source = repo.sources.find((candidate) => candidate.name === view.source);
    if (!source) report(view.origin, 'source', `feature view "${view.name}" uses unknown source "${view.source}"`);
    const joinKeys: string[] = [];
    for (const entityName of view.entities) {
      const entity = repo.entities.find((candidate) => candidate.name === entityName);
      if (!entity) report(view.origin, 'entities', `feature view "${view.name}" uses unknown entity "${entityName}"`);
      else joinKeys.push(...entity.join_keys);
    }
    // Feast lists entity columns in schemas too; they are join columns, not features.
    view.schema = view.schema.filter((field) => !joinKeys.includes(field.name));
    const header = source ? headers.get(source.name) : undefined;
    if (!source || !header) {
      if (view.schema.length === 0 && source) report(view.origin, 'schema', `feature view "${view.name}" has no schema and its source's columns cannot be read to infer one`);
      continue;
    }
    const feastToColumn = new Map(Object.entries(source.field_mapping ?? {}).map(([column, feastName]) => [feastName, column]));
    const columnOf = (feastName: string) => feastToColumn.get(feastName) ?? feastName;
    const where = source.path ?? `dataset ${source.dataset}`;
    const check = (feastName: string, field: string, role: string) => {
      if (!header.includes(columnOf(feastName))) report(view.origin, field, `${role} "${feastName}" is not a column of ${where} (columns: ${header.join(', ')})`);
    };
    for (const key of joinKeys) check(key, 'entities', 'join key');
    if (view.schema.length === 0) {
      const reserved = new Set([...joinKeys, source.timestamp_field, source.created_timestamp_column].map((name) => name && columnOf(name)));
      const mapping = source.field_mapping ?? {};
      view.schema = header.filter((column) => !reserved.has(column)).map((column) => ({ name: mapping[column] ?? column }));
    }
    view.schema.forEach((field) => check(field.name, 'schema', 'schema field'));
  }
  for (const service of repo.feature_services) {
    for (const entry of service.features) {
      const view = repo.feature_views.find((candidate) => candidate.name === entry.feature_view);
      if (!view) {
        report(service.origin, 'features', `feature service "${service.name}" uses unknown feature view "${entry.feature_view}"`);
        continue;
      }
      for (const feature of entry.features ?? []) {
        if (!view.schema.some((field) => field.name === feature)) report(service.origin, 'features', `feature service "${service.name}": feature view "${view.name}" has no feature "${feature}"`);
      }
    }
  }
}

/** The source's column names, or undefined when they cannot be checked here (Parquet, unknown dataset). */
function sourceColumns(source: SourceDefinition, options: ParseRepoOptions, report: Report): readonly string[] | undefined {
  let header: readonly string[] | undefined;
  if (source.dataset !== undefined) header = options.datasetColumns?.(source.dataset);
  else if (source.path !== undefined && options.directory !== undefined) {
    const file = path.resolve(options.directory, source.path);
    if (!existsSync(file)) {
      report(source.origin, 'path', `source "${source.name}": file ${source.path} does not exist (resolved to ${file})`);
      return undefined;
    }
    if (source.file_format === 'csv') header = csvHeader(file);
  }
  if (!header) return undefined;
  const mapping = source.field_mapping ?? {};
  for (const column of Object.keys(mapping)) if (!header.includes(column)) report(source.origin, 'field_mapping', `source "${source.name}" maps "${column}", which is not a column`);
  const feastToColumn = new Map(Object.entries(mapping).map(([column, feastName]) => [feastName, column]));
  for (const [field, name] of [['timestamp_field', source.timestamp_field], ['created_timestamp_column', source.created_timestamp_column]] as const) {
    if (name !== undefined && !header.includes(feastToColumn.get(name) ?? name)) report(source.origin, field, `source "${source.name}": ${field} "${name}" is not a column (columns: ${header.join(', ')})`);
  }
  return header;
}

/** The first line of a CSV file, split on the likeliest delimiter; enough to check column names. */
function csvHeader(file: string): string[] {
  const handle = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const length = readSync(handle, buffer, 0, buffer.length, 0);
    const line = buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
    const delimiter = [',', ';', '\t', '|'].reduce((best, candidate) => (line.split(candidate).length > line.split(best).length ? candidate : best), ',');
    return line.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  } finally {
    closeSync(handle);
  }
}
