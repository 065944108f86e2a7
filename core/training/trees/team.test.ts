import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../workers/pool.js';
import { binMatrix, fitBinMapper } from './binning.js';
import { histogramLength } from './histogram.js';
import { LOSS_CODES } from './loss.js';
import { makeClassification } from './synthetic-data.js';
import { Team } from './team.js';
import { createTeamState } from './team-state.js';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

/** A team over shared-memory rows, so binning runs as a team job too. */
function teamFor(rows: number) {
  const { matrix, target } = makeClassification({ rows, features: 9, informative: 4, missing: 0.01, seed: 21 });
  const values = new Float32Array(new SharedArrayBuffer(matrix.values.byteLength));
  values.set(matrix.values);
  const shared = { ...matrix, values };
  const mapper = fitBinMapper(shared, null, { maxBins: 255, sampleSize: 200_000, seed: 0 });
  const state = createTeamState({ rows, features: 9, classes: 1, loss: LOSS_CODES['log-loss'], maxLeaves: 4, values, order: null });
  state.targets.set(target.values);
  return { team: new Team(state), matrix: shared, mapper };
}

/** Binning, root histogram, a partition, and the left child's histogram (indexed rows); returns copies. */
function exercise({ team, matrix, mapper }: ReturnType<typeof teamFor>, rows: number) {
  const unit = 2 ** 20;
  const binned = team.bin(matrix, mapper);
  team.gradients(rows, false);
  team.histogram(0, 0, rows, true, 0, unit);
  for (let position = 0; position < rows; position++) team.state.rowIndex[position] = position;
  const middle = team.partition(0, rows, 2, 100, true, false);
  team.histogram(1, 0, middle, false, 0, unit);
  const length = histogramLength(9);
  return {
    bins: binned.bins.slice(),
    binMax: binned.binMax.slice(),
    root: team.state.histograms.slice(0, length),
    left: team.state.histograms.slice(length, 2 * length),
    rows: team.state.rowIndex.slice(0, rows),
    middle,
  };
}

describe('Team', () => {
  it('shares binning, histogram, partition and gradient jobs with a pool helper and gets the same results as alone', async () => {
    const rows = 150_000;
    const alone = exercise(teamFor(rows), rows);

    await pool.run('hashFile', { file: fileURLToPath(import.meta.url) });
    const setup = teamFor(rows);
    const helper = pool.run('treeTeam', setup.team.state);
    // Let the helper reach its wait loop before the jobs are published.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const shared = exercise(setup, rows);
    setup.team.stop();
    const { chunks } = await helper;

    expect(chunks).toBeGreaterThan(0);
    expect(shared.bins).toEqual(alone.bins);
    expect(shared.binMax).toEqual(alone.binMax);
    expect(shared.middle).toBe(alone.middle);
    expect(Array.from(shared.rows)).toEqual(Array.from(alone.rows));
    expect(Array.from(shared.root)).toEqual(Array.from(alone.root));
    expect(Array.from(shared.left)).toEqual(Array.from(alone.left));
  });

  it('bins exactly as the single-threaded binner and keeps both sides of a partition in row order', () => {
    const rows = 70_000;
    const setup = teamFor(rows);
    const binned = setup.team.bin(setup.matrix, setup.mapper);
    const reference = binMatrix(setup.matrix, setup.mapper);
    expect(binned.bins).toEqual(reference.bins);
    expect(binned.binMin).toEqual(reference.binMin);
    expect(binned.hasMissing).toEqual(reference.hasMissing);

    const { team } = setup;
    for (let position = 0; position < rows; position++) team.state.rowIndex[position] = position;
    const middle = team.partition(0, rows, 0, 127, false, false);
    const order = team.state.rowIndex;
    for (let position = 1; position < rows; position++) if (position !== middle) expect(order[position]).toBeGreaterThan(order[position - 1]);
    for (let position = 0; position < rows; position++) {
      const bin = binned.bins[order[position]];
      expect(position < middle).toBe(bin !== 255 && bin <= 127);
    }
  });
});
