// Reading and writing expectation suites as Great Expectations JSON (reference §1). Both GX 1.x
// and legacy 0.x files are read into the one internal model; only 1.x is written. Every problem is
// reported with its JSON path at once, so a user fixes a suite in one round instead of many.
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../api/errors.js';
import { checkKwargs, expectationCatalog, laterExpectationTypes, supportedExpectationTypes } from './catalog.js';
import { emulatedGxVersion, isJsonObject, type ExpectationConfig, type ExpectationSuite, type Json, type JsonObject } from './model.js';

export interface SuiteProblem {
  /** JSON path into the document, e.g. `$.expectations[2].kwargs.column`. */
  path: string;
  message: string;
}

export class SuiteError extends ValidationError {
  constructor(readonly problems: SuiteProblem[]) {
    super(`Invalid expectation suite: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`, { problems });
  }
}

export interface ReadSuiteOptions {
  /**
   * 'keep' (the default) loads unknown types, reports them in `warnings`, and the validator marks
   * them unsupported (reference §1.2: never drop them). 'reject' makes them errors, for a suite a
   * user is authoring in the workbench, where a typo should be caught.
   */
  unknownTypes?: 'keep' | 'reject';
}

export interface ReadSuiteOutcome {
  suite: ExpectationSuite;
  format: 'v1' | 'v0';
  warnings: SuiteProblem[];
}

/** Parses GX 1.x or 0.x suite JSON (text or an already-parsed value); throws SuiteError listing every problem. */
export function readSuite(input: string | unknown, options: ReadSuiteOptions = {}): ReadSuiteOutcome {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new SuiteError([{ path: '$', message: `is not valid JSON (${(error as Error).message})` }]);
    }
  }
  if (!isJsonObject(document as Json)) throw new SuiteError([{ path: '$', message: 'must be a JSON object' }]);
  const root = document as JsonObject;
  const legacy = 'expectation_suite_name' in root || (Array.isArray(root.expectations) && root.expectations.some((item) => isJsonObject(item) && 'expectation_type' in item));
  const problems: SuiteProblem[] = [];
  const warnings: SuiteProblem[] = [];

  const nameKey = legacy ? 'expectation_suite_name' : 'name';
  const name = root[nameKey];
  if (typeof name !== 'string' || name.length === 0) problems.push({ path: `$.${nameKey}`, message: 'is required and must be a non-empty string' });
  const idKey = legacy ? 'ge_cloud_id' : 'id';
  const id = root[idKey] ?? null;
  if (id !== null && typeof id !== 'string') problems.push({ path: `$.${idKey}`, message: 'must be a string (UUID) or null' });
  const parametersKey = legacy ? 'evaluation_parameters' : 'suite_parameters';
  const parameters = root[parametersKey] ?? {};
  if (!isJsonObject(parameters)) problems.push({ path: `$.${parametersKey}`, message: 'must be an object' });
  const meta = root.meta ?? {};
  if (!isJsonObject(meta)) problems.push({ path: '$.meta', message: 'must be an object' });
  const notesSource = legacy && isJsonObject(meta) ? meta.notes : root.notes;
  const notes = readNotes(notesSource, legacy ? '$.meta.notes' : '$.notes', problems);

  const expectations: ExpectationConfig[] = [];
  if (!Array.isArray(root.expectations)) problems.push({ path: '$.expectations', message: 'is required and must be a list' });
  else {
    root.expectations.forEach((item, index) => {
      const expectation = readExpectation(item, `$.expectations[${index}]`, legacy, options, problems, warnings);
      if (expectation) expectations.push(expectation);
    });
  }
  if (problems.length > 0) throw new SuiteError(problems);

  const suiteMeta: JsonObject = { ...(meta as JsonObject) };
  if (legacy) delete suiteMeta.notes;
  const suite: ExpectationSuite = { name: name as string, id: (id as string | null) ?? randomUUID(), expectations, suite_parameters: parameters as JsonObject, meta: suiteMeta };
  if (notes !== undefined) suite.notes = notes;
  return { suite, format: legacy ? 'v0' : 'v1', warnings };
}

function readNotes(value: Json | undefined, path: string, problems: SuiteProblem[]): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value as string[];
  // 0.x wrote notes as {"format": "markdown", "content": [...]}.
  if (isJsonObject(value) && (typeof value.content === 'string' || Array.isArray(value.content))) return readNotes(value.content, `${path}.content`, problems);
  problems.push({ path, message: 'must be a string or a list of strings' });
  return undefined;
}

function readExpectation(item: Json, path: string, legacy: boolean, options: ReadSuiteOptions, problems: SuiteProblem[], warnings: SuiteProblem[]): ExpectationConfig | null {
  if (!isJsonObject(item)) {
    problems.push({ path, message: 'must be an object' });
    return null;
  }
  const typeKey = legacy ? 'expectation_type' : 'type';
  const type = item[typeKey];
  if (typeof type !== 'string' || type.length === 0) {
    problems.push({ path: `${path}.${typeKey}`, message: 'is required and must be a non-empty string' });
    return null;
  }
  const kwargs = item.kwargs ?? {};
  if (!isJsonObject(kwargs)) {
    problems.push({ path: `${path}.kwargs`, message: 'must be an object' });
    return null;
  }
  const meta = item.meta ?? {};
  if (!isJsonObject(meta)) problems.push({ path: `${path}.meta`, message: 'must be an object' });
  if (expectationCatalog[type]) {
    for (const issue of checkKwargs(type, kwargs)) problems.push({ path: issue.key === null ? `${path}.kwargs` : `${path}.kwargs.${issue.key}`, message: issue.message });
  } else if (!laterExpectationTypes.has(type)) {
    const problem = { path: `${path}.${typeKey}`, message: `unknown expectation type '${type}'; supported: ${supportedExpectationTypes.join(', ')}` };
    if (options.unknownTypes === 'reject') problems.push(problem);
    else warnings.push(problem);
  }
  // 0.x suites have no expectation ids (reference §1.2: every expectation gets a new one).
  const id = typeof item.id === 'string' && !legacy ? item.id : randomUUID();
  const expectation: ExpectationConfig = { type, kwargs, meta: isJsonObject(meta) ? meta : {}, id };
  const notes = readNotes(item.notes, `${path}.notes`, problems);
  if (notes !== undefined) expectation.notes = notes;
  if (typeof item.description === 'string') expectation.description = item.description;
  if (item.rendered_content !== undefined && item.rendered_content !== null) expectation.rendered_content = item.rendered_content;
  if (item.expectation_context !== undefined && item.expectation_context !== null) expectation.expectation_context = item.expectation_context;
  return expectation;
}

/** GX 1.x JSON for a suite: field order as GX writes it, optional keys with null values dropped. */
export function suiteToJson(suite: ExpectationSuite): JsonObject {
  const json: JsonObject = {
    name: suite.name,
    id: suite.id,
    expectations: suite.expectations.map(expectationToJson),
    suite_parameters: suite.suite_parameters,
    meta: { great_expectations_version: emulatedGxVersion, ...suite.meta },
  };
  if (suite.notes !== undefined) json.notes = suite.notes;
  return json;
}

export function expectationToJson(expectation: ExpectationConfig): JsonObject {
  const json: JsonObject = { type: expectation.type, kwargs: expectation.kwargs, meta: expectation.meta, id: expectation.id };
  if (expectation.notes !== undefined) json.notes = expectation.notes;
  if (expectation.description !== undefined) json.description = expectation.description;
  if (expectation.rendered_content !== undefined) json.rendered_content = expectation.rendered_content;
  if (expectation.expectation_context !== undefined) json.expectation_context = expectation.expectation_context;
  return json;
}

export function writeSuite(suite: ExpectationSuite): string {
  return `${JSON.stringify(suiteToJson(suite), null, 2)}\n`;
}
