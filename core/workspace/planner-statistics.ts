import type { Sqlite } from './database.js';

/**
 * Keeps SQLite's planner statistics fresh as a workspace fills up. Without them the planner
 * cannot tell a selective filter from a broad one and walks every run (a search over 10,000 runs
 * went from ~2 ms to ~30 ms). A bounded ANALYZE runs off the request path once enough rows were
 * written since the last one: at least 5,000, and at least half of what existed then.
 */
export class PlannerStatistics {
  private written = 0;
  private rowsAtLastAnalyze = 0;
  private pending = false;

  constructor(private readonly db: Sqlite) {}

  noteWrites(rows: number): void {
    this.written += rows;
    if (this.pending || this.written < Math.max(5_000, this.rowsAtLastAnalyze / 2)) return;
    this.pending = true;
    setImmediate(() => this.analyze()).unref();
  }

  analyze(): void {
    this.pending = false;
    if (!this.db.open) return;
    // analysis_limit samples each index instead of reading it whole: milliseconds, not seconds.
    this.db.pragma('analysis_limit = 1000');
    this.db.exec('ANALYZE');
    this.rowsAtLastAnalyze += this.written;
    this.written = 0;
  }
}
