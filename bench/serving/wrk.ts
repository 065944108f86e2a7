// wrk (Debian package `wrk`) as the closed-loop load generator: a Lua script rotates through
// pre-formatted POST requests (one per customer, so the routing key varies) and prints wrk's own
// summary as one JSON line, so both servers are driven by exactly the same bytes and sockets.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Non-2xx answers, socket errors and timeouts: any of them makes the figure meaningless. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  url: string;
  bodies: readonly string[];
  connections: number;
  seconds: number;
}

export function wrkVersion(): string | null {
  try {
    // `wrk -v` prints its version and exits 1.
    execFileSync('wrk', ['-v'], { stdio: 'pipe' });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    const match = /wrk (\S+)/.exec(output);
    return match ? match[1] : null;
  }
  return null;
}

function luaScript(bodies: readonly string[]): string {
  const quoted = bodies.map((body) => {
    if (body.includes(']==]')) throw new Error('a request body contains the Lua long-bracket terminator');
    return `[==[${body}]==]`;
  });
  return `local bodies = {${quoted.join(',\n')}}
local requests = {}
local next = 0
init = function(args)
  for index, body in ipairs(bodies) do
    requests[index] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  end
end
request = function()
  next = next % #requests + 1
  return requests[next]
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, errors.connect + errors.read + errors.write + errors.status + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

/** One wrk thread (the machine's other core serves), `connections` keep-alive sockets. */
export function runWrk(options: LoadOptions, scriptDirectory: string): Promise<LoadResult> {
  const script = path.join(scriptDirectory, 'requests.lua');
  writeFileSync(script, luaScript(options.bodies));
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '-s', script, options.url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      const line = /WRK_JSON (\{.*\})/.exec(stdout);
      if (!line) return reject(new Error(`wrk printed no summary:\n${stdout}\n${stderr}`));
      const parsed = JSON.parse(line[1]) as { requests: number; duration_us: number; errors: number; p50_us: number; p99_us: number };
      const seconds = parsed.duration_us / 1e6;
      resolve({ requests: parsed.requests, seconds, requestsPerSecond: parsed.requests / seconds, errors: parsed.errors, p50Ms: parsed.p50_us / 1000, p99Ms: parsed.p99_us / 1000 });
    });
  });
}
