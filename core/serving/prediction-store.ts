// Writing prediction-log rows and keeping the table within its retention limit. The same code runs
// on the core's own connection (tests, explicit flushes) and in the writer thread, which has a
// connection of its own so that transactions and WAL checkpoints never stall inference requests.
import Database from 'better-sqlite3';
import type { Sqlite } from '../workspace/database.js';
import { hashVersion } from './bucketing.js';
import type { PredictionRecord } from './prediction-log.js';

/** Feedback given up to this long before a prediction may still belong to it; kept through pruning. */
const feedbackMarginMs = 60_000;

export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // int64 outputs arrive as BigInt, which JSON.stringify refuses; only then pay for a replacer.
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? (Number.isSafeInteger(Number(item)) ? Number(item) : item.toString()) : item)) ?? 'null';
  }
}

/** A record as the INSERT takes it: primitives only, inputs and outputs already JSON text. */
export type EncodedPrediction = [string, number, string, string, number, string, string, number | null, string | null, string | null, string | null, string | null, string, string, string, number];

const timeColumn = 1;
const deploymentColumn = 2;
const entityColumn = 11;

export function encodePrediction(row: PredictionRecord): EncodedPrediction {
  return [row.requestId, row.time, row.deployment, row.model, row.version, row.variant, row.reason, row.bucket, row.salt, row.bucket === null ? null : hashVersion, row.split, row.entityKey, row.protocol, toJson(row.inputs), toJson(row.outputs), row.latencyMs];
}

export class PredictionWriter {
  private readonly writeBatch: (rows: EncodedPrediction[]) => void;
  private readonly pruneCutoff;
  private readonly prunePredictions;
  private readonly firstFeedbackToKeep;
  private readonly pruneFeedback;
  private readonly pruneEntities;
  // Prune on the first write: retainRows may have shrunk since the last run.
  private rowsSincePrune = Number.POSITIVE_INFINITY;

  constructor(
    private readonly db: Sqlite,
    private readonly retainRows: number,
  ) {
    const insert = db.prepare(
      `INSERT INTO prediction_log (request_id, time, deployment, model, version, variant, reason, bucket, salt, hash_version, split, entity_key, protocol, inputs, outputs, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const seen = db.prepare(
      'INSERT INTO prediction_entities (deployment, entity_key, last_time) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET last_time = max(last_time, excluded.last_time)',
    );
    this.writeBatch = db.transaction((rows: EncodedPrediction[]) => {
      // Each entity once per batch, at its newest time: a busy entity costs one row, not one per request.
      const entities = new Map<string, EncodedPrediction>();
      for (const row of rows) {
        insert.run(row);
        const entityKey = row[entityColumn];
        if (entityKey === null) continue;
        const key = `${row[deploymentColumn]}\u0000${entityKey}`;
        const newest = entities.get(key);
        if (!newest || newest[timeColumn] < row[timeColumn]) entities.set(key, row);
      }
      for (const row of entities.values()) seen.run(row[deploymentColumn], row[entityColumn], row[timeColumn]);
    });
    this.pruneCutoff = db.prepare('SELECT id, time FROM prediction_log ORDER BY id DESC LIMIT 1 OFFSET ?');
    this.prunePredictions = db.prepare('DELETE FROM prediction_log WHERE id <= ?');
    // Feedback ids grow with its time, so this walks only the rows about to go.
    this.firstFeedbackToKeep = db
      .prepare('SELECT COALESCE((SELECT id FROM prediction_feedback WHERE time >= ? ORDER BY id LIMIT 1), (SELECT COALESCE(max(id), 0) + 1 FROM prediction_feedback))')
      .pluck();
    this.pruneFeedback = db.prepare('DELETE FROM prediction_feedback WHERE id < ?');
    // Entities whose newest prediction is older than every remaining one have no rows left.
    this.pruneEntities = db.prepare('DELETE FROM prediction_entities WHERE last_time < ?');
  }

  /** One transaction for the rows, then, now and then, the oldest rows beyond the limit go. */
  write(rows: PredictionRecord[]): void {
    this.writeEncoded(rows.map(encodePrediction));
  }

  writeEncoded(rows: EncodedPrediction[]): void {
    this.writeBatch(rows);
    this.rowsSincePrune += rows.length;
    // Walking retainRows index entries costs about as much as writing a tenth of them.
    if (this.rowsSincePrune >= Math.max(1, this.retainRows / 10)) this.prune();
  }

  private prune(): void {
    this.rowsSincePrune = 0;
    const cutoff = this.pruneCutoff.get(this.retainRows) as { id: number; time: number } | undefined;
    if (cutoff === undefined) return;
    this.db.transaction(() => {
      this.prunePredictions.run(cutoff.id);
      // Feedback older than every remaining prediction can no longer attach to any of them. Rows
      // reach the log up to a flush late, hence the margin before the cutoff's own time.
      this.pruneFeedback.run(this.firstFeedbackToKeep.get(cutoff.time - feedbackMarginMs) as number);
      this.pruneEntities.run(cutoff.time);
    })();
  }
}

/** One connection and writer per database file in each writer thread. */
const writers = new Map<string, PredictionWriter>();

/**
 * The writer-thread task: encoded records into the workspace database at `database`. They arrive
 * by structured clone as arrays of primitives, so this thread only inserts.
 */
export async function writePredictions(input: { database: string; rows: EncodedPrediction[]; retainRows: number }): Promise<{ written: number }> {
  let writer = writers.get(input.database);
  if (!writer) {
    const db = new Database(input.database);
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    writer = new PredictionWriter(db, input.retainRows);
    writers.set(input.database, writer);
  }
  writer.writeEncoded(input.rows);
  return { written: input.rows.length };
}
