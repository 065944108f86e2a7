// Which task a target column makes, decided from its profile the way the trainer decides from the
// data (core/training/preprocessing.ts encodeTarget): categories and booleans are classes, numbers
// that are only 0 and 1 are classes too, any other number is a regression target.
import type { DatasetColumnStats } from '../../../core/api/contract';

export type Task = 'binary' | 'multiclass' | 'regression';

export type TaskInference =
  | { task: Task; classes: number | null; note: string | null }
  | { task: null; problem: string };

/** More classes than this share of the rows means every row is nearly its own class. */
const identifierShare = 0.5;

export function inferTask(stats: DatasetColumnStats): TaskInference {
  const name = stats.name;
  if (stats.type === 'datetime') return { task: null, problem: `“${name}” holds datetimes, which cannot be a training target.` };
  if (stats.count === 0) return { task: null, problem: `“${name}” has no values to learn from.` };
  if (stats.distinct < 2) return { task: null, problem: `“${name}” has a single value; there is nothing to learn.` };

  const numeric = stats.type === 'numeric';
  const onlyZeroOne = numeric && stats.distinct === 2 && stats.min === 0 && stats.max === 1;
  if (numeric && !onlyZeroOne) return { task: 'regression', classes: null, note: null };

  const classes = stats.distinct;
  const note =
    classes > 50 && classes > stats.count * identifierShare
      ? `${classes.toLocaleString('en-US')} distinct values for ${stats.count.toLocaleString('en-US')} rows: this looks like an identifier, not a label.`
      : null;
  return { task: classes === 2 ? 'binary' : 'multiclass', classes, note };
}

export function describeTask(inference: TaskInference): string {
  if (inference.task === null) return 'No task';
  if (inference.task === 'regression') return 'Regression';
  if (inference.task === 'binary') return 'Binary classification';
  return `Multiclass classification · ${inference.classes ?? '?'} classes`;
}

const conventionalTargets = ['target', 'label', 'labels', 'y', 'class', 'outcome'];

/** A column named like a label, else the last column that makes a trainable task. */
export function defaultTarget(columns: readonly DatasetColumnStats[]): string | null {
  const named = columns.find((column) => conventionalTargets.includes(column.name.toLowerCase()) && inferTask(column).task !== null);
  if (named) return named.name;
  const usable = columns.filter((column) => inferTask(column).task !== null);
  return usable.length > 0 ? usable[usable.length - 1].name : null;
}
