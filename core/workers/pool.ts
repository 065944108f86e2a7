import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { errorFromCode, type ErrorCode } from '../api/errors.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';
import { workerEntry } from './worker-script.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Job {
  id: number;
  task: TaskName;
  input: unknown;
  pending: Pending;
}

interface Slot {
  worker: Worker;
  busy: Job | null;
}

/**
 * A fixed pool of worker threads for CPU-heavy work, so the core's event loop keeps answering
 * (ARCHITECTURE rule 3). Threads start lazily and a crashed one is replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {}

  run<Name extends TaskName>(task: Name, input: TaskInput<Name>): Promise<TaskOutput<Name>> {
    if (this.closed) return Promise.reject(new Error('Worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, input, pending: { resolve: resolve as (value: unknown) => void, reject } });
      this.dispatch();
    });
  }

  get threadCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.pending.reject(new Error('Worker pool is closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.worker.ref(); // a pending task keeps the process alive; an idle thread does not
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
    }
  }

  private spawn(): Slot {
    const { file, options } = workerEntry('worker', new URL('./worker-entry.ts', import.meta.url));
    const slot: Slot = { worker: new Worker(file, options), busy: null };
    slot.worker.on('message', (message: { id: number; output?: unknown; error?: { message: string; stack?: string; code?: ErrorCode; details?: Record<string, unknown> } }) => {
      const job = slot.busy;
      if (!job || job.id !== message.id) return;
      slot.busy = null;
      slot.worker.unref();
      if (message.error) {
        const error = message.error.code ? errorFromCode(message.error.code, message.error.message, message.error.details) : new Error(message.error.message);
        error.stack = message.error.stack;
        job.pending.reject(error);
      } else {
        job.pending.resolve(message.output);
      }
      this.dispatch();
    });
    slot.worker.on('error', (error) => this.retire(slot, error));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.retire(slot, new Error(`Worker thread exited with code ${code}`));
    });
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    slot.busy?.pending.reject(error);
    slot.busy = null;
    if (!this.closed) this.dispatch();
  }
}
