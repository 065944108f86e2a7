// `mlwb models …`: the registry and its review workflow from the terminal. Works on the workspace
// directly (no server needed); the same services back the HTTP API, so results are identical.
import type { ReviewDetail, VersionDetailResponse, VersionSummary } from '../api/registry-contract.js';
import { manifestInput } from '../registry/manifest-input.js';
import { manifestYaml } from '../registry/manifest.js';
import { modelCardHtml, modelCardMarkdown } from '../registry/model-card.js';
import { parseVersionNumber } from '../registry/registry-store.js';
import { RegistryService } from '../registry/registry-service.js';
import { ReviewService } from '../registry/review-service.js';
import { keyValuePairs, parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';
import { modelSummaries, versionDetail, versionSummaries } from '../registry/registry-views.js';

const usage = `mlwb models register --run RUN_ID --name NAME [--artifact-path model] [--description TEXT] [--tag K=V]...
  mlwb models import FILE --name NAME [--description TEXT]
  mlwb models list
  mlwb models show NAME [VERSION]
  mlwb models tag NAME VERSION KEY=VALUE...
  mlwb models alias NAME ALIAS VERSION        (--delete to remove: mlwb models alias NAME ALIAS --delete)
  mlwb models submit NAME VERSION
  mlwb models review NAME VERSION --approve|--reject --comment TEXT
  mlwb models reviews [--state pending_review|approved|rejected|checking|failed]
  mlwb models manifest NAME VERSION
  mlwb models card NAME VERSION [--format md|html]`;

export async function modelsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, {
    run: { type: 'string' },
    name: { type: 'string' },
    'artifact-path': { type: 'string' },
    description: { type: 'string' },
    tag: { type: 'string', multiple: true },
    approve: { type: 'boolean', default: false },
    reject: { type: 'boolean', default: false },
    comment: { type: 'string' },
    delete: { type: 'boolean', default: false },
    format: { type: 'string' },
    state: { type: 'string' },
  });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  const versionAt = (index: number) => {
    try {
      return parseVersionNumber(requirePositional(positionals, index, 'VERSION', usage));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  const tags = () => Object.fromEntries(keyValuePairs(values.tag, 'tag').map(({ key, value }) => [key, value]));

  await withTracking(values, async (tracking, workspace) => {
    const registry = new RegistryService(tracking);
    const user = workspace.user;
    const printVersion = (detail: VersionDetailResponse, headline: string) =>
      output.result(detail, () => [headline, '', describeVersion(detail)].join('\n'));

    switch (verb) {
      case 'register': {
        if (!values.run) throw new UsageError(`--run is required. Usage: ${usage}`);
        if (!values.name) throw new UsageError(`--name is required. Usage: ${usage}`);
        const row = await registry.registerRun({ name: values.name, runId: values.run, artifactPath: values['artifact-path'], description: values.description, tags: tags() }, user);
        return printVersion(versionDetail(registry, row.name, row.version), `Registered ${row.name} version ${row.version} from run ${values.run}`);
      }
      case 'import': {
        const file = requirePositional(positionals, 1, 'FILE', usage);
        if (!values.name) throw new UsageError(`--name is required. Usage: ${usage}`);
        const row = await registry.importFile({ name: values.name, file, description: values.description }, user);
        return printVersion(versionDetail(registry, row.name, row.version), `Imported ${file} as ${row.name} version ${row.version}`);
      }
      case 'list': {
        const models = modelSummaries(registry, registry.store.models('1', [], 'name ASC'));
        return output.result({ models }, () =>
          models.length === 0
            ? 'No registered models yet. Register a run\'s model with: mlwb models register --run RUN_ID --name NAME'
            : table(
                ['NAME', 'VERSIONS', 'LATEST', 'ALIASES', 'APPROVED', 'PENDING', 'UPDATED'],
                models.map((model) => [
                  model.name,
                  String(model.version_count),
                  model.latest_version === null ? '-' : `v${model.latest_version}`,
                  Object.entries(model.aliases).map(([alias, version]) => `${alias}→v${version}`).join(' '),
                  String(model.approvals.approved ?? 0),
                  String(model.approvals.pending_review ?? 0),
                  new Date(model.last_updated_timestamp).toISOString(),
                ]),
              ),
        );
      }
      case 'show': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        if (positionals[2]) {
          const version = versionAt(2);
          const detail = versionDetail(registry, name, version);
          return output.result(detail, () => describeVersion(detail));
        }
        const [model] = modelSummaries(registry, [registry.store.model(name)]);
        const versions = versionSummaries(registry, registry.store.versions(name));
        return output.result({ model, versions }, () =>
          [`${model.name}${model.description ? `: ${model.description}` : ''}`, '', versionTable(versions)].join('\n'),
        );
      }
      case 'tag': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const version = versionAt(2);
        const pairs = keyValuePairs(positionals.slice(3), 'tag');
        if (pairs.length === 0) throw new UsageError(`Give at least one KEY=VALUE. Usage: ${usage}`);
        for (const { key, value } of pairs) registry.setVersionTag(name, version, key, value, user);
        return output.result(versionDetail(registry, name, version), () => `Tagged ${name} version ${version}: ${pairs.map(({ key, value }) => `${key}=${value}`).join(', ')}`);
      }
      case 'alias': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const alias = requirePositional(positionals, 2, 'ALIAS', usage);
        if (values.delete) {
          registry.deleteAlias(name, alias, user);
          return output.result({ name, alias, deleted: true }, () => `Removed alias ${alias} from ${name}`);
        }
        const version = versionAt(3);
        registry.setAlias(name, alias, version, user);
        return output.result({ name, alias, version }, () => `${name}@${alias} → version ${version}`);
      }
      case 'submit': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const version = versionAt(2);
        const { review, run } = new ReviewService(registry).submit(name, version, user);
        if (process.stderr.isTTY && !values.json) process.stderr.write(`Review ${review.review_id}: running the governance checks…\n`);
        const settled = await run();
        return output.result(settled, () => describeReview(settled));
      }
      case 'review': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const version = versionAt(2);
        if (values.approve === values.reject) throw new UsageError('Give exactly one of --approve or --reject.');
        if (!values.comment?.trim()) throw new UsageError('--comment is required: say why you approve or reject.');
        const decided = new ReviewService(registry).decide(name, version, values.approve ? 'approve' : 'reject', values.comment, user);
        return output.result(decided, () => `${decided.state === 'approved' ? 'Approved' : 'Rejected'} ${name} version ${version} (review ${decided.review_id}) as ${user}: ${decided.comment}`);
      }
      case 'reviews': {
        const reviews = new ReviewService(registry).list(values.state);
        return output.result({ reviews }, () =>
          reviews.length === 0
            ? 'No reviews yet. Submit a version with: mlwb models submit NAME VERSION'
            : table(
                ['REVIEW', 'MODEL', 'VERSION', 'STATE', 'CHECKS', 'SUBMITTED BY', 'DECIDED BY'],
                reviews.map((review) => [String(review.review_id), review.name, `v${review.version}`, review.current ? review.state : `${review.state} (stale)`, verdictText(review.verdicts), review.submitted_by, review.decided_by ?? '-']),
              ),
        );
      }
      case 'manifest': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const text = manifestYaml(manifestInput(registry, name, versionAt(2)));
        return output.result({ manifest: text }, () => text.trimEnd());
      }
      case 'card': {
        const name = requirePositional(positionals, 1, 'NAME', usage);
        const format = values.format ?? 'md';
        if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html, got '${format}'`);
        const input = manifestInput(registry, name, versionAt(2));
        const text = format === 'html' ? modelCardHtml(input) : modelCardMarkdown(input);
        return output.result({ format, card: text }, () => text.trimEnd());
      }
      default:
        throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
    }
  });
}

function verdictText(verdicts: ReviewDetail['verdicts']): string {
  return Object.entries(verdicts).map(([verdict, count]) => `${count} ${verdict}`).join(', ') || '-';
}

function versionTable(versions: VersionSummary[]): string {
  if (versions.length === 0) return 'No versions yet.';
  return table(
    ['VERSION', 'APPROVAL', 'ALIASES', 'ORIGIN', 'RUN', 'SHA256', 'CREATED BY'],
    versions.map((version) => [`v${version.version}`, version.approval, version.aliases.join(' '), version.origin, version.run_id ?? '-', version.sha256?.slice(0, 12) ?? '-', version.user_id]),
  );
}

function describeVersion(detail: VersionDetailResponse): string {
  const { version, scan, review } = detail;
  const lines = [
    `${version.name} version ${version.version}  [${version.approval}]${version.aliases.length ? `  aliases: ${version.aliases.join(', ')}` : ''}`,
    `source   ${version.source}`,
    `sha256   ${version.sha256 ?? '-'} (${version.size ?? '?'} bytes)`,
  ];
  if (scan) {
    lines.push(`opsets   ${Object.entries(scan.opsets).map(([domain, opset]) => `${domain} ${opset}`).join(', ')}`);
    lines.push(`inputs   ${scan.inputs.map((input) => `${input.name}:${input.type}`).join(', ')}`);
    lines.push(`outputs  ${scan.outputs.map((output) => `${output.name}:${output.type}`).join(', ')}`);
  }
  if (detail.approval_reason) lines.push(`approval ${detail.approval_reason}`);
  if (review) lines.push('', describeReview(review));
  return lines.join('\n');
}

function describeReview(review: ReviewDetail): string {
  const lines = [`Review ${review.review_id} of ${review.name} v${review.version}: ${review.state}${review.auto_approved ? ' (all checks passed; approved by policy)' : ''}`];
  if (review.error) lines.push(`error: ${review.error}`);
  if (review.checks.length > 0) {
    // Summaries are the explanation a reviewer reads: printed whole, not cut to a column width.
    const width = Math.max(...review.checks.map((check) => check.name.length));
    for (const check of review.checks) lines.push(`${check.verdict.toUpperCase().padEnd(8)} ${check.name.padEnd(width)}  ${check.summary}`);
  }
  if (review.state === 'pending_review') lines.push('', `A reviewer other than ${review.submitted_by} decides with: mlwb models review ${review.name} ${review.version} --approve|--reject --comment TEXT`);
  return lines.join('\n');
}
