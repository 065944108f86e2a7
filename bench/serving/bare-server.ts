// The baseline server: bare node:http in its own process (as the core is), reading the request
// body and answering a constant JSON body of the same bytes a real v2 infer answer has. It is the
// ceiling of any Node HTTP server on this machine: parse, route, score and log cost nothing here.
// With `parse`, it also decodes the body as JSON (and nothing more): the floor of any server that
// looks at what it is sent.
import { spawn } from 'node:child_process';

const source = `
import { createServer } from 'node:http';
const body = Buffer.from(process.env.BARE_BODY);
const parse = process.env.BARE_PARSE === '1';
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => { if (parse) chunks.push(chunk); });
  request.on('end', () => {
    if (parse) JSON.parse(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write('listening ' + server.address().port + '\\n'));
process.on('SIGTERM', () => process.exit(0));
`;

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBareServer(body: string, options: { parse?: boolean } = {}): Promise<BareServer> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env: { ...process.env, BARE_BODY: body, BARE_PARSE: options.parse ? '1' : '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the bare server exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
