// The governance policy as people write it: YAML in, a validated GovernancePolicy with defaults
// out. Whoever edits the policy sees exactly where it is wrong, so every problem names its line,
// column and field path, and typos get a suggestion; the review checks can then trust the shape.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../api/errors.js';
import { complianceFields, type GovernancePolicy } from './types.js';

export { defaultPolicyDocument } from './default-policy.js';

/**
 * The metrics a performance check may name. `range` bounds a sensible threshold; `better` says
 * whether the threshold is a minimum (higher) or a maximum (lower), and so which way the champion
 * tolerance points.
 */
export const performanceMetrics = {
  roc_auc: { task: 'classification', better: 'higher', range: [0, 1] },
  accuracy: { task: 'classification', better: 'higher', range: [0, 1] },
  f1: { task: 'classification', better: 'higher', range: [0, 1] },
  precision: { task: 'classification', better: 'higher', range: [0, 1] },
  recall: { task: 'classification', better: 'higher', range: [0, 1] },
  log_loss: { task: 'classification', better: 'lower', range: [0, Infinity] },
  brier: { task: 'classification', better: 'lower', range: [0, 1] },
  average_precision: { task: 'classification', better: 'higher', range: [0, 1] },
  rmse: { task: 'regression', better: 'lower', range: [0, Infinity] },
  mae: { task: 'regression', better: 'lower', range: [0, Infinity] },
  r2: { task: 'regression', better: 'higher', range: [-Infinity, 1] },
} as const satisfies Record<string, { task: 'classification' | 'regression'; better: 'higher' | 'lower'; range: readonly [number, number] }>;
export type PerformanceMetric = keyof typeof performanceMetrics;
const metricNames = Object.keys(performanceMetrics) as [PerformanceMetric, ...PerformanceMetric[]];

/** The one policy format this release reads; a `version` key in the YAML must say so. */
export const policyFormatVersion = 1;

/** A zod error callback: "is required" when absent, else what was expected and what was found. */
function expecting(description: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `${description} (got ${show(issue.input)})`);
}

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')} (got ${show(issue.input)}${didYouMean(issue.input, values, '; ')})`),
  });
}

const name = (what = 'a name') => z.string({ error: expecting(`must be ${what}`) }).min(1, { error: expecting(`must be ${what}`) });
const names = (what: string) => z.array(name(), { error: expecting(`must be a list of ${what}`) });
const flag = () => z.boolean({ error: expecting('must be true or false') });
const fields = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape, { error: expecting('must be a mapping of fields') });

function number(description: string, accept: (value: number) => boolean, integer = false) {
  const error = expecting(`must be ${description}`);
  return z.number({ error }).refine((value) => accept(value) && (!integer || Number.isInteger(value)), { error });
}
const probability = () => number('a number between 0 and 1', (value) => value >= 0 && value <= 1);

/** A check block written with nothing under it (`security:`) means "on, with the defaults". */
const block = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === null ? {} : value), schema).optional();

const performanceSchema = fields({
  metric: oneOf(metricNames),
  threshold: z.number({ error: expecting('must be a number') }),
  champion_tolerance: number('a number of at least 0', (value) => value >= 0).optional(),
  champion_alias: name('an alias name').default('champion'),
}).superRefine((performance, context) => {
  const [low, high] = performanceMetrics[performance.metric].range;
  if (performance.threshold >= low && performance.threshold <= high) return;
  const bounds = high === Infinity ? `a number of at least ${low}` : low === -Infinity ? `a number of at most ${high}` : `a number between ${low} and ${high}`;
  context.addIssue({ code: 'custom', path: ['threshold'], input: performance.threshold, message: `must be ${bounds} for ${performance.metric} (got ${show(performance.threshold)})` });
});

const biasSchema = fields({
  sensitive_columns: names('column names').min(1, { error: expecting('must name at least one column') }),
  max_demographic_parity_difference: probability(),
  max_equal_opportunity_difference: probability(),
  min_group_size: number('a whole number of at least 1', (value) => value >= 1, true).default(30),
});

const securitySchema = fields({
  allowed_domains: names('operator domains').default(['ai.onnx', 'ai.onnx.ml']),
  max_size_mb: number('a number above 0', (value) => value > 0).default(1024),
  allowed_inputs: z.union([z.literal('dataset'), z.array(z.string().min(1))], { error: expecting("must be 'dataset' or a list of input names") }).default('dataset'),
  required_outputs: names('output names').default([]),
});

const complianceSchema = fields({
  required_metadata: z.array(oneOf(complianceFields), { error: expecting('must be a list of metadata fields') }),
  required_tags: names('tag keys').default([]),
});

const qualitySchema = fields({
  probability_range: flag().default(true),
  positive_rate: fields({ min: probability(), max: probability() })
    .superRefine((rate, context) => {
      if (rate.min > rate.max) context.addIssue({ code: 'custom', path: ['max'], input: rate.max, message: `must be at least min (${rate.min}) (got ${show(rate.max)})` });
    })
    .optional(),
  importance_correlation: fields({ min: number('a number between -1 and 1', (value) => value >= -1 && value <= 1) }).optional(),
  latency_p95_ms: number('a number of milliseconds above 0', (value) => value > 0).optional(),
});

const checksSchema = fields({
  performance: block(performanceSchema),
  bias: block(biasSchema),
  security: block(securitySchema),
  compliance: block(complianceSchema),
  quality: block(qualitySchema),
});

/** Checks that score the model on labelled data, and so need `evaluation`. */
const scoredChecks = ['performance', 'bias', 'quality'] as const;

const policySchema = fields({
  version: z.literal(policyFormatVersion, { error: expecting(`must be ${policyFormatVersion}, the only policy format this version of ML Workbench reads`) }).optional(),
  auto_approve: flag().default(true),
  protected_aliases: names('alias names').default(['champion']),
  evaluation: fields({
    dataset: name('a dataset name'),
    version: number('a whole number of at least 1', (value) => value >= 1, true).optional(),
    target: name('a column name'),
    // YAML reads `positive_label: 1` as a number; the label is compared as text.
    positive_label: z.union([z.string().min(1), z.number()], { error: expecting('must be a class label') }).transform(String).optional(),
  }).optional(),
  checks: z.preprocess((value) => (value === null ? {} : value), checksSchema).default({}),
}).superRefine((policy, context) => {
  if (policy.evaluation) return;
  for (const check of scoredChecks) {
    if (!policy.checks[check]) continue;
    context.addIssue({ code: 'custom', path: ['evaluation'], params: { at: ['checks', check] }, message: `is required when checks.${check} is configured: it names the labelled data the model is scored on` });
    return;
  }
});

interface Problem {
  line: number;
  column: number;
  field: string;
  message: string;
  offset: number;
}

/** Parses and validates a policy document; throws ValidationError naming line, column and field. */
export function parsePolicy(document: string): GovernancePolicy {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(document, { lineCounter });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (parsed.errors.length > 0) {
    const error = parsed.errors[0];
    // The library's message repeats the position and a source excerpt on further lines.
    const reason = error.code === 'MULTIPLE_DOCS' ? "a policy is one YAML document; remove the second '---'" : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    fail([{ ...position(error.pos[0]), field: '', message: `YAML syntax: ${reason}`, offset: error.pos[0] }]);
  }
  if (parsed.contents === null) fail([{ ...position(0), field: '', message: 'the policy is empty: it needs at least one field, such as checks', offset: 0 }]);

  let value: unknown;
  try {
    value = parsed.toJS();
  } catch (error) {
    // yaml refuses aliases that expand beyond its limit (a "billion laughs" document).
    fail([{ ...position(0), field: '', message: `YAML: ${(error as Error).message}`, offset: 0 }]);
  }
  const result = policySchema.safeParse(value);
  if (result.success) {
    const { version: _format, ...policy } = result.data;
    return policy;
  }
  const problems = result.error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const field = fieldName(path);
        const offset = locate(parsed, path, true);
        return { ...position(offset), field, message: `unknown field ${field}${unknownFieldHint(issue.path, key)}`, offset };
      });
    }
    // A problem about a missing block is shown at the key of the block that needs it.
    const at = issue.code === 'custom' ? (issue.params?.at as PropertyKey[] | undefined) : undefined;
    const field = fieldName(issue.path);
    const offset = at ? locate(parsed, at, true) : locate(parsed, issue.path, false);
    return [{ ...position(offset), field, message: `${field || 'the policy'} ${issue.message}`, offset }];
  });
  // A missing field is often the other half of a typo (`threshhold`): name what is there first.
  const missing = (problem: Problem) => (problem.message.endsWith(' is required') ? 1 : 0);
  fail(problems.sort((left, right) => missing(left) - missing(right) || left.offset - right.offset));
}

function fail(problems: Problem[]): never {
  const [first] = problems;
  throw new ValidationError(`policy line ${first.line}, column ${first.column}: ${first.message}`, {
    line: first.line,
    column: first.column,
    field: first.field,
    // Editors mark every problem at once rather than one per save.
    problems: problems.map(({ offset: _offset, ...problem }) => problem),
  });
}

/** `checks.bias.sensitive_columns[1]`: dotted names, list positions in brackets. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, segment) => (typeof segment === 'number' ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment)), '');
}

/**
 * The source offset of a field: its value (or its key, for unknown keys), or, where the path runs
 * out because a field is missing, the key of the nearest enclosing field that is there.
 */
function locate(document: Document, path: readonly PropertyKey[], atKey: boolean): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  let enclosingKey = offset;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return enclosingKey;
      enclosingKey = offset = rangeStart(pair.key) ?? offset;
      const last = index === path.length - 1;
      node = pair.value;
      // `field:` with nothing after it has no useful value position: keep the key's.
      if (!(last && atKey) && !(isScalar(node) && node.value === null)) offset = rangeStart(node) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      return enclosingKey;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

function unknownFieldHint(parent: readonly PropertyKey[], key: string): string {
  if (parent.length === 0 && key in checksSchema.shape) return ` (did you mean checks.${key}? checks go under checks:)`;
  return didYouMean(key, knownFields(parent), ' (', ')');
}

/** The fields a mapping in the policy may hold, read from the schema so the two never disagree. */
function knownFields(path: readonly PropertyKey[]): string[] {
  type SchemaNode = { _zod: { def: { type: string; innerType?: SchemaNode; out?: SchemaNode; shape?: Record<string, SchemaNode> } } };
  const unwrap = (node: SchemaNode): SchemaNode => {
    const { def } = node._zod;
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.out) return unwrap(def.out);
    return node;
  };
  let node: SchemaNode | undefined = unwrap(policySchema as unknown as SchemaNode);
  for (const segment of path) {
    node = node._zod.def.shape?.[String(segment)];
    if (!node) return [];
    node = unwrap(node);
  }
  return Object.keys(node._zod.def.shape ?? {});
}

function didYouMean(input: unknown, candidates: readonly string[], prefix: string, suffix = ''): string {
  if (typeof input !== 'string') return '';
  const text = input.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(text, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  // Close enough to be a typo: a couple of edits, more for long names.
  if (!best || best.distance > Math.max(2, Math.floor(best.candidate.length / 3))) return '';
  return `${prefix}did you mean ${best.candidate}?${suffix}`;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[right.length];
}

function show(value: unknown): string {
  if (value === null) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** One line per configured rule, for the CLI and the governance page. */
export function describePolicy(policy: GovernancePolicy): string[] {
  const { performance, bias, security, compliance, quality } = policy.checks;
  const lines: string[] = [];
  const evaluation = policy.evaluation ? `${policy.evaluation.dataset}${policy.evaluation.version ? ` v${policy.evaluation.version}` : ''} (${policy.evaluation.target})` : 'the evaluation data';
  if (performance) {
    const lower = (performanceMetrics as Record<string, { better: string }>)[performance.metric]?.better === 'lower';
    const champion = performance.champion_tolerance === undefined ? '' : `, at most ${performance.champion_tolerance} ${lower ? 'above' : 'below'} the ${performance.champion_alias}`;
    lines.push(`performance: ${performance.metric} ${lower ? '≤' : '≥'} ${performance.threshold} on ${evaluation}${champion}`);
  }
  if (bias) {
    lines.push(
      `bias: demographic parity difference ≤ ${bias.max_demographic_parity_difference} and equal opportunity difference ≤ ${bias.max_equal_opportunity_difference} across ${bias.sensitive_columns.join(', ')} (groups under ${bias.min_group_size} rows not compared)`,
    );
  }
  if (security) {
    const inputs = security.allowed_inputs === 'dataset' ? 'inputs are columns of the evaluation data' : `inputs only ${security.allowed_inputs.join(', ') || '(none)'}`;
    const outputs = security.required_outputs.length > 0 ? `; outputs include ${security.required_outputs.join(', ')}` : '';
    lines.push(`security: operators from ${security.allowed_domains.join(', ')} only; file ≤ ${security.max_size_mb} MB; ${inputs}${outputs}`);
  }
  if (compliance) {
    const metadata = compliance.required_metadata.length > 0 ? `metadata ${compliance.required_metadata.join(', ')}` : 'no metadata';
    const tags = compliance.required_tags.length > 0 ? `; tags ${compliance.required_tags.join(', ')}` : '';
    lines.push(`compliance: ${metadata} required${tags}`);
  }
  if (quality) {
    const parts = [
      quality.probability_range ? 'probabilities within [0, 1]' : '',
      quality.positive_rate ? `positive rate between ${percent(quality.positive_rate.min)} and ${percent(quality.positive_rate.max)}` : '',
      quality.importance_correlation ? `feature importance correlation ≥ ${quality.importance_correlation.min}` : '',
      quality.latency_p95_ms === undefined ? '' : `p95 latency ≤ ${quality.latency_p95_ms} ms`,
    ].filter(Boolean);
    lines.push(`quality: ${parts.join('; ') || 'no rules'} on ${evaluation}`);
  }
  if (lines.length === 0) lines.push('checks: none configured');
  lines.push(policy.auto_approve ? 'approval: automatic when every check passes' : 'approval: a reviewer decides every version');
  lines.push(`protected aliases: ${policy.protected_aliases.join(', ') || 'none'}`);
  return lines;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(4))}%`;
}
