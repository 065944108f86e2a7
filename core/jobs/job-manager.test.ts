import { describe, expect, it } from 'vitest';
import { JobManager, type JobEvent } from './job-manager.js';

describe('JobManager', () => {
  it('runs work in the background, streams progress, and records the result', async () => {
    const jobs = new JobManager();
    const started = jobs.start({ kind: 'test', title: 'counting', user: 'ana' }, async (context) => {
      for (let step = 1; step <= 4; step++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        context.progress(step / 4, `step ${step}`);
      }
      context.attachRun('run-1');
      return { counted: 4 };
    });
    expect(started.status).toBe('running');
    const events: JobEvent[] = [];
    await new Promise<void>((resolve) => jobs.subscribe(started.id, (event) => events.push(event), resolve));
    const done = jobs.get(started.id);
    expect(done).toMatchObject({ status: 'succeeded', fraction: 1, result: { counted: 4 }, run_id: 'run-1', created_by: 'ana' });
    expect(events.filter((event) => event.type === 'progress').map((event) => event.fraction)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(events.at(-1)?.type).toBe('status');
  });

  it('cancels through the abort signal and reports failures with their message', async () => {
    const jobs = new JobManager();
    const slow = jobs.start({ kind: 'test', title: 'slow', user: 'ana' }, (context) =>
      new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('stopped')))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    jobs.cancel(slow.id);
    expect((await jobs.wait(slow.id)).status).toBe('cancelled');
    expect(() => jobs.cancel(slow.id)).toThrow(/already cancelled/);

    const broken = jobs.start({ kind: 'test', title: 'broken', user: 'ana' }, async () => {
      throw new Error('target column is constant');
    });
    expect(await jobs.wait(broken.id)).toMatchObject({ status: 'failed', error: 'target column is constant' });
    expect(() => jobs.get('nope')).toThrow(/No job/);
  });
});
