import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatMetric, formatRelativeTime, runDuration } from './format';

describe('formatMetric', () => {
  it('shows six significant digits without trailing noise', () => {
    expect(formatMetric(0.912345678)).toBe('0.912346');
    expect(formatMetric(0.1 + 0.2)).toBe('0.3');
    expect(formatMetric(1234.5)).toBe('1234.5');
  });

  it('switches to exponent form at the extremes and names non-finite values', () => {
    expect(formatMetric(0.0000123)).toBe('1.23e-5');
    expect(formatMetric(3e12)).toBe('3e12');
    expect(formatMetric(Number.NaN)).toBe('NaN');
    expect(formatMetric(Number.NEGATIVE_INFINITY)).toBe('−∞');
    expect(formatMetric(null)).toBe('—');
  });
});

describe('durations and times', () => {
  it('formats durations at a glance', () => {
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(83_000)).toBe('1m 23s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h 5m');
  });

  it('measures running runs up to now and finished runs to their end', () => {
    expect(runDuration({ start_time: 1000, end_time: 4000, status: 'FINISHED' }, 9000)).toBe(3000);
    expect(runDuration({ start_time: 1000, end_time: null, status: 'RUNNING' }, 9000)).toBe(8000);
    expect(runDuration({ start_time: 1000, end_time: null, status: 'FAILED' }, 9000)).toBeNull();
  });

  it('gives compact ages', () => {
    const now = Date.UTC(2025, 5, 15, 12);
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5m ago');
    expect(formatRelativeTime(now - 3 * 3600_000, now)).toBe('3h ago');
    expect(formatRelativeTime(now - 2 * 86_400_000, now)).toBe('2d ago');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
