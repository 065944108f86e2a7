// One JSON line per figure on stdout (and in bench/results/<name>-<timestamp>.jsonl), so runs can
// be compared by a script; everything meant for a person goes to stderr.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './core-process.js';

export interface Figure {
  metric: string;
  /** null only when the figure was skipped; `skipped` then says why. */
  value: number | null;
  unit: string;
  /** The peer or floor measured in the same run; null needs `baselineReason`. */
  baseline: number | null;
  baselineReason?: string;
  /** What the baseline is, in words. */
  baselineLabel?: string;
  /** The threshold for `value`. */
  target: number;
  /** Seconds and milliseconds pass below the target; throughputs pass above it. */
  better: 'lower' | 'higher';
  /** The data the figure was measured on, in words. */
  workload: string;
  skipped?: string;
}

export interface Report {
  readonly file: string;
  emit(figure: Figure): void;
  /** A progress line for the person watching. */
  note(message: string): void;
}

/** Figures keep enough digits to compare runs without printing timer noise. */
function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}

export function createReport(bench: string, options: { quick: boolean }): Report {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const directory = path.join(repositoryRoot, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${bench}-${stamp}${options.quick ? '-quick' : ''}.jsonl`);
  return {
    file,
    emit(figure) {
      const { value, baseline } = figure;
      const pass = value === null ? false : figure.better === 'lower' ? value < figure.target : value > figure.target;
      const line: Record<string, unknown> = {
        bench,
        metric: figure.metric,
        value: value === null ? null : round(value),
        unit: figure.unit,
        baseline: baseline === null ? null : round(baseline),
        ratio: value === null || baseline === null || baseline === 0 ? null : round(value / baseline),
        target: figure.target,
        pass,
        better: figure.better,
        quick: options.quick,
        workload: figure.workload,
      };
      if (figure.baselineLabel) line.baseline_label = figure.baselineLabel;
      if (baseline === null) line.reason = figure.baselineReason;
      if (figure.skipped) line.skipped = figure.skipped;
      const text = JSON.stringify(line);
      process.stdout.write(`${text}\n`);
      appendFileSync(file, `${text}\n`);
    },
    note(message) {
      process.stderr.write(`[${bench}] ${message}\n`);
    },
  };
}
