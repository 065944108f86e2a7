import { describe, expect, it } from 'vitest';
import { modelDefinition } from '../model-catalogue.js';
import { describeSearchValues, describeSpace, gridTrials, parseSearchSpace, randomTrials } from './search-space.js';

const lr = modelDefinition('lr');
const gbdt = modelDefinition('gbdt');

describe('grid search spaces', () => {
  it('runs every combination of the lists with the fixed values in each trial', () => {
    const space = parseSearchSpace({ C: '0.1, 1,10', fit_intercept: 'true,false', max_iter: 50 }, lr, 'binary', 'grid');
    const trials = gridTrials(space);
    expect(trials).toHaveLength(6);
    expect(trials[0]).toEqual({ max_iter: 50, C: '0.1', fit_intercept: 'true' });
    expect(trials[5]).toEqual({ max_iter: 50, C: '10', fit_intercept: 'false' });
    expect(describeSpace(space)).toEqual({ C: ['0.1', '1', '10'], fit_intercept: ['true', 'false'] });
  });

  it('refuses ranges and grids over 200 combinations with the reason', () => {
    expect(() => parseSearchSpace({ C: '0.01..10' }, lr, 'binary', 'grid')).toThrow(/'C'.*needs random search/);
    const values = Array.from({ length: 15 }, (_, index) => String(index + 1)).join(',');
    const space = parseSearchSpace({ max_iter: values, max_leaf_nodes: Array.from({ length: 14 }, (_, index) => String(index + 2)).join(',') }, gbdt, 'binary', 'grid');
    expect(() => gridTrials(space)).toThrow('The grid has 210 combinations (max_iter: 15 × max_leaf_nodes: 14); at most 200 are allowed');
  });

  it('checks every candidate against the model: the error names the parameter and the valid ones', () => {
    expect(() => parseSearchSpace({ depth: '1,2' }, lr, 'binary', 'grid')).toThrow("Unknown parameter 'depth' for model 'lr' (binary). Valid parameters: C, max_iter, tol, fit_intercept.");
    expect(() => parseSearchSpace({ C: '1,0' }, lr, 'binary', 'grid')).toThrow("Parameter 'C' is out of range (> 0): got 0.");
    expect(() => parseSearchSpace({ max_iter: '10..20.5' }, lr, 'binary', 'random')).toThrow("Parameter 'max_iter' must be an integer");
    expect(() => parseSearchSpace({ C: '1..0.1' }, lr, 'binary', 'random')).toThrow("Parameter 'C': a range needs LOW < HIGH");
    expect(() => parseSearchSpace({ fit_intercept: 'false..true' }, lr, 'binary', 'random')).toThrow("'fit_intercept' is true or false: give a list");
    expect(() => parseSearchSpace({ C: 1 }, lr, 'binary', 'random')).toThrow('needs at least one parameter with several values');
  });

  it('tells a single training that lists and ranges need a search', () => {
    expect(describeSearchValues({ C: '0.1,1', tol: '1e-4', max_iter: '10..20' })).toBe('C=0.1,1 max_iter=10..20');
    expect(describeSearchValues({ C: '0.1' })).toBeNull();
  });
});

describe('random search spaces', () => {
  it('samples the same trials for the same seed, inside the ranges, integers rounded', () => {
    const space = parseSearchSpace({ learning_rate: '0.01..0.3', max_iter: '10..30', max_leaf_nodes: '8,16,31' }, gbdt, 'binary', 'random');
    const trials = randomTrials(space, 50, 7);
    expect(randomTrials(space, 50, 7)).toEqual(trials);
    expect(randomTrials(space, 50, 8)).not.toEqual(trials);
    for (const trial of trials) {
      expect(trial.learning_rate).toBeGreaterThanOrEqual(0.01);
      expect(trial.learning_rate).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(trial.max_iter)).toBe(true);
      expect(trial.max_iter).toBeGreaterThanOrEqual(10);
      expect(trial.max_iter).toBeLessThanOrEqual(30);
      expect(['8', '16', '31']).toContain(trial.max_leaf_nodes);
    }
    expect(new Set(trials.map((trial) => trial.max_leaf_nodes)).size).toBe(3);
  });

  it('samples a range spanning a decade or more log-uniformly, a narrower one uniformly', () => {
    const wide = parseSearchSpace({ C: '0.001..1000' }, lr, 'binary', 'random');
    expect(describeSpace(wide)).toEqual({ C: { low: 0.001, high: 1000, scale: 'log' } });
    const draws = randomTrials(wide, 200, 1).map((trial) => trial.C as number);
    // Log-uniform over six decades: about half the draws fall below 1 (uniform would give ~0.1%).
    const belowOne = draws.filter((value) => value < 1).length / draws.length;
    expect(belowOne).toBeGreaterThan(0.35);
    expect(belowOne).toBeLessThan(0.65);

    const narrow = parseSearchSpace({ subsample: '0.5..1' }, gbdt, 'binary', 'random');
    expect(describeSpace(narrow)).toEqual({ subsample: { low: 0.5, high: 1, scale: 'uniform' } });
    const mean = randomTrials(narrow, 200, 1).reduce((sum, trial) => sum + (trial.subsample as number), 0) / 200;
    expect(mean).toBeGreaterThan(0.7);
    expect(mean).toBeLessThan(0.8);
  });

  it('refuses a trial count outside 1..200', () => {
    const space = parseSearchSpace({ C: '0.1..1' }, lr, 'binary', 'random');
    expect(() => randomTrials(space, 0, 1)).toThrow('trials must be an integer from 1 to 200');
  });
});
