// Hyperparameter search spaces written in the same `params` a single training takes: a value
// `0.01,0.1,0.3` is a list (grid values, or sampled uniformly by random search), `0.01..0.3` a
// range (random search only). Every candidate is checked against the model's specs before any
// run exists, so a bad space answers like a bad parameter: the name and the valid values.
import { ValidationError } from '../../api/errors.js';
import { SeededRandom } from '../evaluation/random.js';
import { resolveParams, type ModelDefinition, type ParamSpec } from '../model-catalogue.js';
import type { Task } from '../types.js';

export type SearchKind = 'grid' | 'random';

export type Dimension =
  | { name: string; kind: 'list'; values: string[] }
  | { name: string; kind: 'range'; low: number; high: number; scale: 'uniform' | 'log'; integer: boolean };

export interface SearchSpace {
  /** Parameters with one value, the same in every trial. */
  fixed: Record<string, unknown>;
  dimensions: Dimension[];
}

/** Grids larger than this are refused: each combination is a full training. */
export const maxGridTrials = 200;
export const maxRandomTrials = 200;
export const defaultRandomTrials = 10;

type RawDimension = { name: string; kind: 'list'; values: string[] } | { name: string; kind: 'range'; low: string; high: string };

/** Splits user params into fixed values and search dimensions, without checking them. */
function splitParams(params: Record<string, unknown>): { fixed: Record<string, unknown>; raw: RawDimension[] } {
  const fixed: Record<string, unknown> = {};
  const raw: RawDimension[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      fixed[name] = value;
    } else if (value.includes(',')) {
      const values = value.split(',').map((item) => item.trim());
      if (values.some((item) => item === '' || item.includes('..'))) {
        throw new ValidationError(`Parameter '${name}': a list takes single values separated by commas (e.g. 0.01,0.1,0.3), got '${value}'.`, { field: `params.${name}` });
      }
      raw.push({ name, kind: 'list', values });
    } else if (value.includes('..')) {
      const parts = value.split('..');
      if (parts.length !== 2) throw new ValidationError(`Parameter '${name}': a range is LOW..HIGH (e.g. 0.01..0.3), got '${value}'.`, { field: `params.${name}` });
      raw.push({ name, kind: 'range', low: parts[0].trim(), high: parts[1].trim() });
    } else {
      fixed[name] = value;
    }
  }
  return { fixed, raw };
}

/** True when some parameter is a list or range, i.e. the request only makes sense as a search. */
export function describeSearchValues(params: Record<string, unknown>): string | null {
  const { raw } = splitParams(params);
  if (raw.length === 0) return null;
  return raw.map((dimension) => `${dimension.name}=${dimension.kind === 'list' ? dimension.values.join(',') : `${dimension.low}..${dimension.high}`}`).join(' ');
}

/**
 * Parses and checks a space for the model and task: every list value and both ends of every
 * range must be valid values of their parameter (resolveParams' errors name it and list the
 * valid ones); ranges need a numeric parameter and LOW < HIGH.
 */
export function parseSearchSpace(params: Record<string, unknown>, definition: ModelDefinition, task: Task, search: SearchKind): SearchSpace {
  const { fixed, raw } = splitParams(params);
  resolveParams(definition, task, fixed);
  const specs = definition.params(task);
  const dimensions = raw.map((dimension): Dimension => {
    // Unknown names fail here with the list of valid parameters.
    const check = (value: string) => resolveParams(definition, task, { [dimension.name]: value })[dimension.name] as number;
    if (dimension.kind === 'list') {
      for (const value of dimension.values) check(value);
      return { ...dimension, values: [...new Set(dimension.values)] };
    }
    const spec = specs.find((candidate) => candidate.name === dimension.name) as ParamSpec;
    check(dimension.low);
    if (spec.type === 'boolean') {
      throw new ValidationError(`Parameter '${dimension.name}' is true or false: give a list (true,false), not a range.`, { field: `params.${dimension.name}` });
    }
    if (search === 'grid') {
      throw new ValidationError(
        `Parameter '${dimension.name}': a range (${dimension.low}..${dimension.high}) needs random search; grid search takes lists (e.g. ${dimension.low},${dimension.high}).`,
        { field: `params.${dimension.name}` },
      );
    }
    const low = check(dimension.low);
    const high = check(dimension.high);
    if (!(low < high)) throw new ValidationError(`Parameter '${dimension.name}': a range needs LOW < HIGH, got ${low}..${high}.`, { field: `params.${dimension.name}` });
    // Spans over a decade are sampled on a log scale, as learning rates and penalties are usually searched.
    const scale = low > 0 && high / low >= 10 ? 'log' : 'uniform';
    return { name: dimension.name, kind: 'range', low, high, scale, integer: spec.type === 'integer' };
  });
  if (dimensions.length === 0) {
    throw new ValidationError(`A ${search} search needs at least one parameter with several values: a list (C=0.1,1,10)${search === 'random' ? ' or a range (C=0.01..10)' : ''}.`, {
      field: 'params',
    });
  }
  return { fixed, dimensions };
}

/** The space as recorded on the parent run (`search_space` param). */
export function describeSpace(space: SearchSpace): Record<string, unknown> {
  return Object.fromEntries(
    space.dimensions.map((dimension) => [
      dimension.name,
      dimension.kind === 'list' ? dimension.values : { low: dimension.low, high: dimension.high, scale: dimension.scale, ...(dimension.integer ? { integer: true } : {}) },
    ]),
  );
}

/** Every combination of the lists, in order (the last parameter varies fastest). */
export function gridTrials(space: SearchSpace): Array<Record<string, unknown>> {
  const lists = space.dimensions.map((dimension) => {
    if (dimension.kind !== 'list') throw new ValidationError(`Parameter '${dimension.name}': grid search takes lists, not ranges.`, { field: `params.${dimension.name}` });
    return dimension;
  });
  const total = lists.reduce((product, dimension) => product * dimension.values.length, 1);
  if (total > maxGridTrials) {
    throw new ValidationError(
      `The grid has ${total} combinations (${lists.map((dimension) => `${dimension.name}: ${dimension.values.length}`).join(' × ')}); at most ${maxGridTrials} are allowed. Use fewer values or random search with trials.`,
      { field: 'params' },
    );
  }
  let trials: Array<Record<string, unknown>> = [{ ...space.fixed }];
  for (const dimension of lists) trials = trials.flatMap((trial) => dimension.values.map((value) => ({ ...trial, [dimension.name]: value })));
  return trials;
}

/** `count` seeded draws: list values uniformly, ranges uniformly or log-uniformly. */
export function randomTrials(space: SearchSpace, count: number, seed: number): Array<Record<string, unknown>> {
  if (!Number.isInteger(count) || count < 1 || count > maxRandomTrials) {
    throw new ValidationError(`trials must be an integer from 1 to ${maxRandomTrials}, got ${count}.`, { field: 'trials' });
  }
  const random = new SeededRandom(seed);
  const trials: Array<Record<string, unknown>> = [];
  for (let index = 0; index < count; index++) {
    const trial: Record<string, unknown> = { ...space.fixed };
    for (const dimension of space.dimensions) trial[dimension.name] = dimension.kind === 'list' ? dimension.values[random.nextBelow(dimension.values.length)] : sampleRange(dimension, random);
    trials.push(trial);
  }
  return trials;
}

function sampleRange(dimension: Extract<Dimension, { kind: 'range' }>, random: SeededRandom): number {
  const unit = unitDraw(random);
  const value =
    dimension.scale === 'log'
      ? Math.exp(Math.log(dimension.low) + unit * (Math.log(dimension.high) - Math.log(dimension.low)))
      : dimension.low + unit * (dimension.high - dimension.low);
  // Six significant digits keep recorded params readable; clamping keeps rounding inside the range.
  const rounded = dimension.integer ? Math.round(value) : Number(value.toPrecision(6));
  return Math.min(dimension.high, Math.max(dimension.low, rounded));
}

/** Uniform over [0, 1) with 53 random bits. */
function unitDraw(random: SeededRandom): number {
  return ((random.nextUint32() >>> 5) * 0x4000000 + (random.nextUint32() >>> 6)) / 0x20000000000000;
}
