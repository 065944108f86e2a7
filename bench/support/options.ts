// The `--quick` / `--help` options most benchmarks take: exit 0 with the usage on --help, exit 2
// naming the problem on anything else unknown.
import { parseArgs } from 'node:util';

export function parseQuickOption(bench: string, usage: string): { quick: boolean } {
  try {
    const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return { quick: values.quick };
  } catch (error) {
    process.stderr.write(`bench ${bench}: ${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}
