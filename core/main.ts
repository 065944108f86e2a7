// Core entry: the `mlwb` CLI, including `mlwb serve` (the core service in web mode and under
// Electron). Commands stay thin: parse arguments, call services, print.
import { artifactsCommand } from './cli/artifacts-command.js';
import { auditCommand } from './cli/audit-command.js';
import { datasetsCommand } from './cli/datasets-command.js';
import { deploymentCommand } from './cli/deployments-command.js';
import { driftCommand } from './cli/drift-command.js';
import { trainCommand } from './cli/train-command.js';
import { experimentsCommand } from './cli/experiments-command.js';
import { featuresCommand, materializeCommand } from './cli/features-command.js';
import { modelsCommand } from './cli/models-command.js';
import { alertsCommand, monitorsCommand } from './cli/monitors-command.js';
import { policyCommand } from './cli/policy-command.js';
import { usersCommand } from './cli/users-command.js';
import { pullCommand, pushCommand, remoteCommand, remotesCommand } from './cli/sync-command.js';
import { suitesCommand, validateCommand } from './cli/validate-command.js';
import { reportError } from './cli/output.js';
import { runsCommand } from './cli/runs-command.js';
import { serveCommand } from './cli/serve-command.js';
import { version } from './api/version.js';

const help = `ML Workbench ${version}: a local-first MLOps workbench

Usage: mlwb <command> [options]

Commands:
  serve                       start the core service (API + UI) on 127.0.0.1
  serve --team-registry       run this workspace as a team's shared model registry (push/pull, roles)
  experiments list|create     list or create experiments
  runs list|search|show|log   find, inspect and log runs
  artifacts upload|download|list
  datasets import|list|show   import CSV/Parquet as versioned datasets; inspect schema and stats
  drift report --reference A --current B
                              data drift, target drift and data quality of B against A (datasets or files)
  train                       train a model on a dataset: tracked run + one ONNX pipeline
  models register|import|list|show|tag|alias|submit|review|reviews|manifest|card
                              the model registry and its governance review
  policy show|set FILE        the governance policy (YAML, versioned, audited)
  audit verify|list           the hash-chained audit log of registry and governance actions
  users add|role|list|remove  tokens (and team registry roles) for other people using this workspace's server
  deploy NAME --model M --version V
                              serve a registered version on the inference listener
  rollout NAME --candidate M:V --percent P [--sticky KEY] [--exclude COL=VALUE]... [--shadow M:V]
  promote NAME | rollback NAME
  deployments list|show       deployments with their arms, traffic shares and state
  predict NAME --data FILE    score JSON records through a deployment
  features plan|apply|list|historical|online
                              Feast-style feature repo, point-in-time training sets, online store
  materialize START END | materialize-incremental [END]
  monitors create|list|show|run|delete
                              scheduled drift and performance checks of a deployment's traffic
  alerts list|ack             alerts raised by monitors
  validate --suite S[:V] --data NAME[:V]|FILE [--result-format SUMMARY]
                              run an expectation suite; exit 1 when it fails
  suites list|show S [--gx]|import FILE [--name S]|scaffold --data NAME[:V] --name S
                              Great-Expectations-compatible suites (v1 written, v0 read)
  remotes add|list|remove     sync targets: S3-compatible buckets (credentials from the AWS chain) and team registries
  push MODEL VERSION --to REMOTE [--alias A]
                              upload an approved version to a remote (resumable, idempotent)
  pull MODEL VERSION --from REMOTE [--as NAME]
                              download a version into this registry, verified, with provenance
  remote list --from REMOTE   the models and versions a remote holds

Global options:
  --workspace DIR   workspace folder (or MLWB_HOME; default ~/.local/share/ml-workbench)
  --user NAME       who is acting (or MLWB_USER; default the configured or OS user)
  --json            print one JSON document to stdout

Exit codes: 0 success, 2 bad input, 1 other failure.`;

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  serve: serveCommand,
  experiments: experimentsCommand,
  runs: runsCommand,
  artifacts: artifactsCommand,
  datasets: datasetsCommand,
  drift: driftCommand,
  train: trainCommand,
  models: modelsCommand,
  policy: policyCommand,
  audit: auditCommand,
  users: usersCommand,
  deploy: (argv) => deploymentCommand('deploy', argv),
  rollout: (argv) => deploymentCommand('rollout', argv),
  promote: (argv) => deploymentCommand('promote', argv),
  rollback: (argv) => deploymentCommand('rollback', argv),
  deployments: (argv) => deploymentCommand('deployments', argv),
  predict: (argv) => deploymentCommand('predict', argv),
  features: featuresCommand,
  validate: validateCommand,
  suites: suitesCommand,
  monitors: monitorsCommand,
  alerts: alertsCommand,
  materialize: (argv) => materializeCommand(argv, false),
  'materialize-incremental': (argv) => materializeCommand(argv, true),
  remotes: remotesCommand,
  remote: remoteCommand,
  push: pushCommand,
  pull: pullCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (command === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`error: unknown command '${command}'\n\n${help}\n`);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    return reportError(error, rest.includes('--json'));
  }
}

process.exitCode = await main(process.argv.slice(2));
