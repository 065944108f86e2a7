// Runs a suite against a Table and assembles GX-shaped results (reference §6). Each expectation
// is isolated: a failure to evaluate one (bad column, bad regex, unresolved parameter) becomes
// its exception_info and never aborts the suite. Column-wide facts are shared through one
// ColumnCache per run, and every map test is a single pass over its column.
import { WorkbenchError } from '../api/errors.js';
import { version as workbenchVersion } from '../api/version.js';
import type { Table } from '../datasets/table.js';
import { checkKwargs, expectationCatalog, isSuiteParameter } from './catalog.js';
import { aggregateExpectationTypes, evaluateAggregate } from './expectations/aggregate-expectations.js';
import { ColumnCache, ExpectationFailure } from './expectations/column-values.js';
import { compileColumnMap, evaluateMap, mapExpectationTypes, type EvaluationOutcome, type MapContext } from './expectations/map-expectations.js';
import { compileMultiColumn, multiColumnExpectationTypes } from './expectations/multi-column.js';
import { parseResultFormat } from './expectations/result-format.js';
import { evaluateTable, tableExpectationTypes } from './expectations/table-expectations.js';
import { emulatedGxVersion, type ExpectationConfig, type ExpectationSuite, type ExpectationValidationResult, type JsonObject, type ResultFormatInput, type SuiteValidationResult } from './model.js';
import type { RegexOptions } from './python-text.js';

export interface ValidateOptions {
  /** Overrides each expectation's own result_format, as GX's runtime configuration does. */
  resultFormat?: ResultFormatInput;
  /** Runtime values for {"$PARAMETER": name}; they win over the suite's suite_parameters. */
  parameters?: JsonObject;
  /** Echoed into each expectation's kwargs, as GX 1.x does. */
  batchId?: string;
  regex?: RegexOptions;
  /** The run's clock, injectable so results are reproducible in tests. */
  now?: Date;
}

function resolveParameters(kwargs: JsonObject, parameters: JsonObject): JsonObject {
  const resolved: JsonObject = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (!isSuiteParameter(value)) {
      resolved[key] = value;
      continue;
    }
    if (!(value.$PARAMETER in parameters)) throw new ExpectationFailure(`suite parameter '${value.$PARAMETER}' (kwarg ${key}) has no value; set it in suite_parameters or pass it at run time`, { parameter: value.$PARAMETER });
    resolved[key] = parameters[value.$PARAMETER];
  }
  return resolved;
}

function evaluate(type: string, context: MapContext, options: ValidateOptions): EvaluationOutcome {
  const { kwargs, table } = context;
  const format = parseResultFormat(options.resultFormat ?? kwargs.result_format);
  if (typeof kwargs.row_condition === 'string' && kwargs.row_condition.length > 0) {
    throw new ExpectationFailure('row_condition is not supported yet: filter the dataset into its own version and validate that', { row_condition: kwargs.row_condition });
  }
  let outcome: EvaluationOutcome;
  if (tableExpectationTypes.has(type)) outcome = evaluateTable(type, table, kwargs);
  else if (aggregateExpectationTypes.has(type)) outcome = evaluateAggregate(type, context);
  else {
    const plan = mapExpectationTypes.has(type) ? compileColumnMap(type, context) : compileMultiColumn(type, context);
    const mostly = typeof kwargs.mostly === 'number' ? kwargs.mostly : 1;
    return evaluateMap(plan, table.rowCount, mostly, format, table);
  }
  return format.level === 'BOOLEAN_ONLY' ? { success: outcome.success, result: {} } : outcome;
}

function isEvaluated(type: string): boolean {
  return mapExpectationTypes.has(type) || multiColumnExpectationTypes.has(type) || aggregateExpectationTypes.has(type) || tableExpectationTypes.has(type);
}

function validateOne(expectation: ExpectationConfig, table: Table, cache: ColumnCache, parameters: JsonObject, options: ValidateOptions): ExpectationValidationResult {
  const echoed: ExpectationConfig = { ...expectation, kwargs: { ...expectation.kwargs } };
  if (options.batchId !== undefined) echoed.kwargs.batch_id = options.batchId;
  const failed = (message: string, traceback: string | null): ExpectationValidationResult => ({
    success: false,
    expectation_config: echoed,
    result: {},
    meta: {},
    exception_info: { raised_exception: true, exception_message: message, exception_traceback: traceback },
  });
  if (!expectationCatalog[expectation.type] || !isEvaluated(expectation.type)) return failed(`unsupported expectation type: ${expectation.type}`, null);
  try {
    const kwargs = resolveParameters(expectation.kwargs, parameters);
    const issues = checkKwargs(expectation.type, kwargs);
    if (issues.length > 0) throw new ExpectationFailure(issues.map((issue) => `${issue.key ?? 'kwargs'} ${issue.message}`).join('; '), { issues: issues.map((issue) => ({ ...issue })) });
    echoed.kwargs = { ...kwargs, ...(options.batchId !== undefined ? { batch_id: options.batchId } : {}) };
    const { success, result } = evaluate(expectation.type, { table, kwargs, cache, regex: options.regex ?? {} }, options);
    return { success, expectation_config: echoed, result, meta: {}, exception_info: { raised_exception: false, exception_message: null, exception_traceback: null } };
  } catch (error) {
    // Named workbench errors are input problems; anything else is a bug, so keep its stack.
    const known = error instanceof WorkbenchError;
    return failed((error as Error).message, known ? null : ((error as Error).stack ?? null));
  }
}

/** GX's compact timestamp: 20241024T120000.000000Z. */
function validationTime(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '.$1000Z')}`;
}

export function validateTable(table: Table, suite: ExpectationSuite, options: ValidateOptions = {}): SuiteValidationResult {
  const cache = new ColumnCache();
  const parameters = { ...suite.suite_parameters, ...(options.parameters ?? {}) };
  const results = suite.expectations.map((expectation) => validateOne(expectation, table, cache, parameters, options));
  const successful = results.filter((result) => result.success).length;
  const now = options.now ?? new Date();
  return {
    success: results.every((result) => result.success),
    suite_name: suite.name,
    suite_parameters: suite.suite_parameters,
    results,
    statistics: {
      evaluated_expectations: results.length,
      successful_expectations: successful,
      unsuccessful_expectations: results.length - successful,
      success_percent: results.length === 0 ? null : (successful / results.length) * 100,
    },
    meta: {
      great_expectations_version: emulatedGxVersion,
      workbench_version: workbenchVersion,
      batch_spec: {},
      batch_markers: {},
      active_batch_definition: {},
      validation_time: validationTime(now),
      run_id: { run_name: null, run_time: now.toISOString().replace(/\.\d{3}Z$/, '+00:00') },
      checkpoint_name: null,
      validation_id: null,
      checkpoint_id: null,
      batch_parameters: null,
    },
    id: null,
  };
}
