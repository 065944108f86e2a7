// s3rver in a child process on loopback, so the server's request handling and disk writes do not
// share the benchmark's event loop (the tests run it in-process; for timing that would make the
// client's own CPU work slow the server down). The SDK settings are TOOLCHAIN item 7's.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repositoryRoot } from '../support/core-process.js';

export interface S3rverProcess {
  endpoint: string;
  directory: string;
  client: S3Client;
  stop(): Promise<void>;
}

const script = `
import S3rver from 's3rver';
const server = new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[1], silent: true });
const address = await server.run();
process.stdout.write(JSON.stringify({ port: address.port }) + '\\n');
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
`;

/** s3rver accepts the fixed key pair S3RVER / S3RVER; the SDK's default chain reads it from the environment. */
export async function startS3rverProcess(bucket: string): Promise<S3rverProcess> {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.AWS_REGION = 'us-east-1';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlwb-bench-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script, directory], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`s3rver exited with code ${String(code)} before listening`))),
  ]);
  const { port } = JSON.parse(first) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    directory,
    client,
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
