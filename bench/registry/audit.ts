// Audit verification at scale: a workspace database holding `entries` hash-chained entries (the
// core's own migrations and pragmas), then one full `verify()` walk, which must stay well under
// 2 s for 100,000 entries so the governance page can run it on demand.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '../../core/registry/audit-log.js';
import { openDatabase } from '../../core/workspace/database.js';

export async function measureAuditVerify(entries = 100_000): Promise<{ seconds: number; appendSeconds: number; entries: number }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlwb-bench-audit-'));
  const db = openDatabase(path.join(directory, 'workbench.db'));
  try {
    const log = new AuditLog(db);
    const epoch = Date.UTC(2024, 0, 1);
    // Shaped like registry traffic: tag and alias changes with small before/after documents.
    const appendStarted = performance.now();
    db.transaction(() => {
      for (let index = 0; index < entries; index++) {
        const version = `churn-${index % 20}/${1 + (index % 7)}`;
        log.append({
          actor: index % 3 === 0 ? 'alice' : 'bob',
          action: index % 10 === 0 ? 'model_version.approve' : 'model_version.set_tag',
          entityType: 'model_version',
          entityId: version,
          before: { tags: { stage: `s${index - 1}` }, revision: index },
          after: { tags: { stage: `s${index}` }, revision: index + 1 },
          time: epoch + index * 1000,
        });
      }
    }).immediate();
    const appendSeconds = (performance.now() - appendStarted) / 1000;

    const result = log.verify();
    if (!result.ok || result.entries !== entries) throw new Error(`audit verify over ${entries} entries failed: ${JSON.stringify(result.first_bad)} (${result.entries} entries)`);
    return { seconds: result.seconds, appendSeconds, entries: result.entries };
  } finally {
    db.close();
    await rm(directory, { recursive: true, force: true });
  }
}
