// The tamper-evident audit log: append-only, each entry's hash covers its content and the previous
// entry's hash, and the chain head is kept apart in `settings`, so editing, removing or slipping in
// an entry behind the log's back (raw SQL on workbench.db) is found by `verify()`.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AuditListResponse, AuditVerifyResponse } from '../api/registry-contract.js';
import { ValidationError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import type { AuditEntry } from './types.js';

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** Milliseconds since the epoch; now when absent. */
  time?: number;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** Only entries older than this sequence number (the next page of a newest-first listing). */
  before?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export const genesisHash = '0'.repeat(64);
const headKey = 'audit.head';
const defaultLimit = 100;
const maximumLimit = 1000;

type Head = { seq: number; hash: string };
/** Stands for a head row whose value is not the JSON we write, told apart by identity. */
const unreadableHead: Head = { seq: 0, hash: '' };
/** A stored row in column order, as `.raw()` returns it. */
type Row = [seq: number, time: number, actor: string, action: string, entityType: string, entityId: string, before: string | null, after: string | null, prevHash: string, hash: string];
const columns = 'seq, time, actor, action, entity_type, entity_id, before, after, prev_hash, hash';

/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same however
 * its keys were built up; `undefined` becomes SQL NULL rather than the text "undefined".
 */
export function canonicalJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const jsonable = value as { toJSON?: () => unknown };
  if (typeof jsonable.toJSON === 'function') return sortKeys(jsonable.toJSON());
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * The hash of one entry. `before`/`after` enter as their stored canonical text, so verifying needs
 * no JSON parsing, and every other field is a string or an integer JSON writes one way only.
 */
export function entryHash(seq: number, time: number, actor: string, action: string, entityType: string, entityId: string, before: string | null, after: string | null, prevHash: string): string {
  const serialised = JSON.stringify([seq, time, actor, action, entityType, entityId, before, after, prevHash]);
  return createHash('sha256').update(serialised).digest('hex');
}

export class AuditLog {
  // Prepared once: the registry appends inside its own write transactions, often many per request.
  private readonly insertEntry;
  private readonly writeHead;
  private readonly readHead;
  private readonly readLast;

  constructor(private readonly db: Sqlite) {
    this.insertEntry = db.prepare(`INSERT INTO audit_log (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.writeHead = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.readHead = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.readLast = db.prepare<[], Head>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  }

  /**
   * Records one change. Callers run it inside the transaction of the change itself so both land
   * or neither does; called on its own it takes its own immediate transaction, so two processes
   * appending at once cannot both chain onto the same head.
   */
  append(input: AuditInput): AuditEntry {
    const write = () => this.write(input);
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  list(filter: AuditFilter = {}): AuditListResponse {
    const limit = filter.limit ?? defaultLimit;
    if (!Number.isInteger(limit) || limit < 1) throw new ValidationError(`limit must be a positive integer, got ${limit}`);
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    if (filter.entityType !== undefined) {
      conditions.push('entity_type = ?');
      parameters.push(filter.entityType);
    }
    if (filter.entityId !== undefined) {
      conditions.push('entity_id = ?');
      parameters.push(filter.entityId);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    // The total ignores the page cursor, so a listing can say "showing 100 of 2,400".
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total FROM audit_log ${where}`).get(...parameters) as { total: number };
    if (filter.before !== undefined) {
      conditions.push('seq < ?');
      parameters.push(filter.before);
    }
    const paged = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT ${columns} FROM audit_log ${paged} ORDER BY seq DESC LIMIT ?`)
      .raw()
      .all(...parameters, Math.min(limit, maximumLimit)) as Row[];
    return { entries: rows.map(toEntry), total };
  }

  /** Walks the whole chain in order, streaming, and names the first entry that does not fit it. */
  verify(): AuditVerifyResponse {
    const started = performance.now();
    const head = this.storedHead();
    let previous: Head = { seq: 0, hash: genesisHash };
    let count = 0;
    let firstBad: AuditVerifyResponse['first_bad'] = null;
    for (const row of this.db.prepare(`SELECT ${columns} FROM audit_log ORDER BY seq`).raw().iterate() as IterableIterator<Row>) {
      count++;
      if (firstBad === null) firstBad = checkEntry(row, previous);
      previous = { seq: row[0], hash: row[9] };
    }
    const last = count > 0 ? previous : null;
    if (firstBad === null) firstBad = checkHead(head, last);
    return { ok: firstBad === null, entries: count, first_bad: firstBad, head: last, seconds: (performance.now() - started) / 1000 };
  }

  private write(input: AuditInput): AuditEntry {
    const head = this.storedHead();
    const previous = (head !== unreadableHead ? head : null) ?? this.lastStored() ?? { seq: 0, hash: genesisHash };
    const seq = previous.seq + 1;
    const time = input.time ?? Date.now();
    const before = canonicalJson(input.before);
    const after = canonicalJson(input.after);
    const hash = entryHash(seq, time, input.actor, input.action, input.entityType, input.entityId, before, after, previous.hash);
    this.insertEntry.run(seq, time, input.actor, input.action, input.entityType, input.entityId, before, after, previous.hash, hash);
    this.writeHead.run(headKey, JSON.stringify({ seq, hash }));
    return toEntry([seq, time, input.actor, input.action, input.entityType, input.entityId, before, after, previous.hash, hash]);
  }

  /**
   * The head recorded with the last append. New entries chain onto it rather than onto the last
   * row, so removing the newest rows and appending again still leaves a visible gap.
   */
  private storedHead(): Head | null {
    const row = this.readHead.get(headKey);
    if (!row) return null;
    try {
      const parsed = JSON.parse(row.value) as Partial<Head>;
      if (Number.isInteger(parsed.seq) && typeof parsed.hash === 'string') return { seq: parsed.seq!, hash: parsed.hash };
    } catch {
      // an unreadable head is reported by verify() as a broken chain end, like a missing one
    }
    return unreadableHead;
  }

  private lastStored(): Head | null {
    return this.readLast.get() ?? null;
  }
}

function toEntry(row: Row): AuditEntry {
  const [seq, time, actor, action, entityType, entityId, before, after, prevHash, hash] = row;
  return {
    seq,
    time,
    actor,
    action,
    entity_type: entityType,
    entity_id: entityId,
    before: before === null ? null : JSON.parse(before),
    after: after === null ? null : JSON.parse(after),
    prev_hash: prevHash,
    hash,
  };
}

function checkEntry(row: Row, previous: Head): AuditVerifyResponse['first_bad'] {
  const [seq, time, actor, action, entityType, entityId, before, after, prevHash, hash] = row;
  const name = `entry ${seq} (${action} by ${actor})`;
  if (entryHash(seq, time, actor, action, entityType, entityId, before, after, prevHash) !== hash) {
    return { seq, problem: 'edited', message: `${name} was edited: its hash no longer matches its content` };
  }
  if (prevHash === previous.hash && seq === previous.seq + 1) return null;
  const predecessor = previous.seq === 0 ? 'the start of the log' : `entry ${previous.seq}`;
  if (seq > previous.seq + 1 && prevHash !== previous.hash) {
    const missing = seq - previous.seq - 1;
    const range = missing === 1 ? `entry ${previous.seq + 1} is` : `entries ${previous.seq + 1}–${seq - 1} are`;
    return { seq: previous.seq + 1, problem: 'deleted', message: `${range} missing: entry ${seq}'s previous hash does not match ${predecessor}` };
  }
  return { seq, problem: 'inserted', message: `${name} does not follow ${predecessor}: its previous hash does not match, so one of them was inserted or replaced` };
}

/** The rows all chain; the head kept in settings says whether the chain ends where it should. */
function checkHead(head: Head | null, last: Head | null): AuditVerifyResponse['first_bad'] {
  if (head === null) {
    if (last === null) return null;
    return { seq: last.seq, problem: 'deleted', message: `the recorded head of the log is missing, so removal of entries after entry ${last.seq} cannot be ruled out` };
  }
  const lastSeq = last?.seq ?? 0;
  if (head === unreadableHead) return { seq: lastSeq, problem: 'edited', message: 'the recorded head of the log is unreadable, so the end of the chain cannot be confirmed' };
  if (head.seq > lastSeq) {
    const range = head.seq === lastSeq + 1 ? `entry ${head.seq} is` : `entries ${lastSeq + 1}–${head.seq} are`;
    return { seq: lastSeq + 1, problem: 'deleted', message: `${range} missing: the log ends at ${last ? `entry ${lastSeq}` : 'no entry'} but its recorded head is entry ${head.seq}` };
  }
  if (head.seq < lastSeq) {
    return { seq: head.seq + 1, problem: 'inserted', message: `entries after ${head.seq} were added behind the log's back: its recorded head is entry ${head.seq} but the log ends at entry ${lastSeq}` };
  }
  if (head.hash !== last!.hash) {
    return { seq: lastSeq, problem: 'edited', message: `entry ${lastSeq} was replaced: its hash does not match the recorded head of the log` };
  }
  return null;
}
