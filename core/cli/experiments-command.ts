import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = 'mlwb experiments list | mlwb experiments create NAME [--tag KEY=VALUE]';

export async function experimentsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { tag: { type: 'string', multiple: true }, all: { type: 'boolean', default: false } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  await withTracking(values, (tracking) => {
    if (verb === 'list') {
      const experiments = tracking.experimentSummaries(values.all);
      output.result({ experiments }, () =>
        experiments.length === 0
          ? 'No experiments yet. Create one with: mlwb experiments create NAME'
          : table(
              ['ID', 'NAME', 'RUNS', 'STAGE', 'CREATED BY', 'UPDATED'],
              experiments.map((experiment) => [experiment.experiment_id, experiment.name, String(experiment.run_count), experiment.lifecycle_stage, experiment.created_by, new Date(experiment.last_update_time).toISOString()]),
            ),
      );
      return;
    }
    if (verb === 'create') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const tags = (values.tag ?? []).map((item) => {
        const [key, ...rest] = item.split('=');
        if (!key || rest.length === 0) throw new UsageError(`--tag expects KEY=VALUE, got '${item}'`);
        return { key, value: rest.join('=') };
      });
      const id = tracking.experiments.create({ name, tags, user: tracking.workspace.user });
      const experiment = tracking.experimentSummary(id);
      output.result({ experiment }, () => `Created experiment ${experiment.name} (id ${experiment.experiment_id})`);
      return;
    }
    throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  });
}
