import { parentPort } from 'node:worker_threads';
import { WorkbenchError } from '../api/errors.js';
import { tasks, type TaskName } from './tasks.js';

interface Request {
  id: number;
  task: TaskName;
  input: unknown;
}

parentPort!.on('message', async (request: Request) => {
  try {
    const handler = tasks[request.task] as (input: unknown) => Promise<unknown>;
    if (!handler) throw new Error(`Unknown worker task "${request.task}"`);
    const output = await handler(request.input);
    parentPort!.postMessage({ id: request.id, output });
  } catch (error) {
    const failure = error as Error;
    // Named core errors (a rejected model file, bad input) keep their code across the thread boundary.
    const named = error instanceof WorkbenchError ? { code: error.code, details: error.details } : {};
    parentPort!.postMessage({ id: request.id, error: { message: failure.message, stack: failure.stack, ...named } });
  }
});
