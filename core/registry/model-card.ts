// The model card a reviewer or an auditor reads: what the model is, what it is for, what it learned
// from, how it scored, what governance found (fairness per group included) and where it came
// from. The card is built once as sections of blocks and rendered to Markdown or to one
// self-contained HTML file, so both say the same thing and every value passes one escaper. Missing
// metadata is shown as "Not provided" rather than hidden, so the gap is visible.
import type { CheckResult } from './types.js';
import { groupMetrics, versionMetrics, type ManifestInput } from './manifest.js';

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'missing'; text: string }
  | { kind: 'fields'; rows: Array<[label: string, value: string]> }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'subheading'; text: string };

interface Section {
  title: string;
  blocks: Block[];
}

const notProvided = 'Not provided';

export function modelCardMarkdown(input: ManifestInput): string {
  const lines = [`# ${title(input)}`, ''];
  if (input.model.description) lines.push(input.model.description, '');
  for (const section of cardSections(input)) {
    lines.push(`## ${section.title}`, '');
    for (const block of section.blocks) lines.push(...markdownBlock(block), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function modelCardHtml(input: ManifestInput): string {
  const body = cardSections(input)
    .map((section) => `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${section.blocks.map(htmlBlock).join('\n')}\n</section>`)
    .join('\n');
  const description = input.model.description ? `<p class="lead">${escapeHtml(input.model.description)}</p>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Model card: ${title(input)}`)}</title>
<style>${styles}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title(input))}</h1>
${description}${body}
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function title({ version }: ManifestInput): string {
  return `${version.name} version ${version.version}`;
}

function cardSections(input: ManifestInput): Section[] {
  const checks = input.review?.checks ?? [];
  return [
    { title: 'Model details', blocks: [detailFields(input), ...signature(input)] },
    { title: 'Intended use', blocks: [tagText(input, 'intended_use')] },
    { title: 'Training data', blocks: trainingData(input) },
    { title: 'Evaluation metrics', blocks: metricsBlocks(input) },
    { title: 'Governance checks', blocks: governanceBlocks(input) },
    { title: 'Fairness', blocks: fairnessBlocks(checks.filter((check) => check.category === 'bias' || check.name.startsWith('bias.'))) },
    { title: 'Limitations', blocks: limitationsBlocks(input, checks) },
    { title: 'Lineage', blocks: lineageBlocks(input) },
  ];
}

function detailFields({ model, version, lineage, scan }: ManifestInput): Block {
  const tag = (key: string) => model.tags[key] || version.tags[key] || notProvided;
  const run = lineage.run;
  const opsets = scan ? Object.entries(scan.opsets).map(([domain, opset]) => `${domain} ${opset}`).join(', ') : '';
  return {
    kind: 'fields',
    rows: [
      ['Framework', opsets ? `ONNX (opsets ${opsets})` : 'ONNX'],
      ['Version', String(version.version)],
      ['Model kind', run?.model_kind ?? notProvided],
      ['Task', run?.task ?? notProvided],
      ['Owner', tag('owner')],
      ['License', tag('license')],
      ['Registered', `${isoDate(version.creation_timestamp)} by ${version.user_id}`],
      ['Aliases', version.aliases.length > 0 ? [...version.aliases].sort().join(', ') : 'none'],
      ['SHA-256', version.sha256 ?? scan?.sha256 ?? notProvided],
      ['Size', version.size !== null ? `${version.size.toLocaleString('en-US')} bytes` : notProvided],
      ['Approval', version.approval.replace(/_/g, ' ')],
    ],
  };
}

function signature({ scan }: ManifestInput): Block[] {
  if (!scan) return [{ kind: 'missing', text: 'Inputs and outputs: Not provided (the model file was not scanned).' }];
  const rows = [...scan.inputs.map((tensor) => ['input', tensor] as const), ...scan.outputs.map((tensor) => ['output', tensor] as const)].map(([direction, tensor]) => [direction, tensor.name, tensor.type, `[${tensor.shape.join(', ')}]`]);
  return [{ kind: 'subheading', text: 'Signature' }, { kind: 'table', headers: ['Direction', 'Name', 'Type', 'Shape'], rows }];
}

function tagText({ model, version }: ManifestInput, key: string): Block {
  const text = model.tags[key] || version.tags[key];
  return text ? { kind: 'paragraph', text } : { kind: 'missing', text: `${notProvided}: the model has no "${key}" tag.` };
}

function trainingData(input: ManifestInput): Block[] {
  const { lineage } = input;
  const blocks: Block[] = [tagText(input, 'training_data')];
  if (lineage.datasets.length > 0) {
    blocks.push({ kind: 'table', headers: ['Dataset', 'Version', 'Used for', 'SHA-256'], rows: lineage.datasets.map((dataset) => [dataset.name, String(dataset.version), dataset.context, dataset.sha256.slice(0, 16)]) });
  }
  const extra: Array<[string, string]> = [];
  if (lineage.run?.target) extra.push(['Target', lineage.run.target]);
  if (lineage.feature_views.length > 0) extra.push(['Feature views', lineage.feature_views.join(', ')]);
  if (extra.length > 0) blocks.push({ kind: 'fields', rows: extra });
  return blocks;
}

function metricsBlocks(input: ManifestInput): Block[] {
  const groups = groupMetrics(versionMetrics(input));
  const labels = { test: 'test', validation: 'validation', other: 'other' } as const;
  const rows = (Object.keys(labels) as Array<keyof typeof labels>).flatMap((group) => Object.entries(groups[group] ?? {}).map(([metric, value]) => [labels[group], metric, formatNumber(value)]));
  return rows.length > 0 ? [{ kind: 'table', headers: ['Split', 'Metric', 'Value'], rows }] : [{ kind: 'missing', text: `${notProvided}: no metrics were recorded for this version.` }];
}

function governanceBlocks({ review, policyVersion }: ManifestInput): Block[] {
  if (!review) return [{ kind: 'missing', text: `${notProvided}: this version has not been submitted for review.` }];
  const decision = review.decided_by ? `${review.state.replace(/_/g, ' ')} by ${review.decided_by}${review.decided_time ? ` on ${isoDate(review.decided_time)}` : ''}` : review.state.replace(/_/g, ' ');
  const rows: Array<[string, string]> = [
    ['Policy version', policyVersion !== null && policyVersion !== review.policy_version ? `${review.policy_version} (current policy is ${policyVersion})` : String(review.policy_version)],
    ['Submitted', `${isoDate(review.submitted_time)} by ${review.submitted_by}`],
    ['Decision', review.auto_approved ? 'approved automatically: every check passed' : decision],
  ];
  if (review.comment) rows.push(['Comment', review.comment]);
  if (review.error) rows.push(['Error', review.error]);
  const blocks: Block[] = [{ kind: 'fields', rows }];
  if (review.checks.length > 0) blocks.push({ kind: 'table', headers: ['Check', 'Verdict', 'Summary', 'Key numbers'], rows: review.checks.map((check) => [check.name, check.verdict, check.summary, keyNumbers(check.numbers)]) });
  return blocks;
}

function fairnessBlocks(checks: CheckResult[]): Block[] {
  if (checks.length === 0) return [{ kind: 'missing', text: `${notProvided}: no bias check ran; set checks.bias in the governance policy to compare groups.` }];
  return checks.flatMap((check): Block[] => {
    const numbers = check.numbers;
    const blocks: Block[] = [{ kind: 'subheading', text: `${check.name}: ${check.verdict}` }, { kind: 'paragraph', text: check.summary }];
    const gaps: Array<[string, string]> = [];
    if (typeof numbers.demographic_parity_difference === 'number') gaps.push(['Demographic parity difference', formatNumber(numbers.demographic_parity_difference)]);
    if (typeof numbers.equal_opportunity_difference === 'number') gaps.push(['Equal opportunity difference', formatNumber(numbers.equal_opportunity_difference)]);
    if (gaps.length > 0) blocks.push({ kind: 'fields', rows: gaps });
    const groups = Array.isArray(numbers.groups) ? (numbers.groups as Array<Record<string, unknown>>) : [];
    if (groups.length > 0) {
      // Columns are whatever the check measured per group, group first, in the order it wrote them.
      const columns = [...new Set(['group', ...groups.flatMap((group) => Object.keys(group))])];
      blocks.push({ kind: 'table', headers: columns.map(humanise), rows: groups.map((group) => columns.map((column) => formatValue(group[column]))) });
    }
    return blocks;
  });
}

function limitationsBlocks(input: ManifestInput, checks: CheckResult[]): Block[] {
  const blocks: Block[] = [tagText(input, 'limitations')];
  const open = checks.filter((check) => check.verdict !== 'pass');
  if (open.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Checks that did not pass:' });
    blocks.push({ kind: 'list', items: open.map((check) => `${check.name} (${check.verdict}): ${check.summary}`) });
  }
  return blocks;
}

function lineageBlocks({ version, lineage }: ManifestInput): Block[] {
  const rows: Array<[string, string]> = [['Source', version.source]];
  const run = lineage.run;
  if (run) {
    rows.push(['Run', `${run.run_name} (${run.run_id})`], ['Experiment', run.experiment_name], ['Trained by', run.user_id], ['Trained', isoDate(run.start_time)]);
  }
  if (lineage.imported) rows.push(['Imported from', `${lineage.imported.file_name} (produced by ${lineage.imported.producer || 'unknown'})`]);
  rows.push(['Code version', lineage.code_version ?? notProvided]);
  const packages = Object.entries(lineage.packages).sort(([left], [right]) => left.localeCompare(right));
  rows.push(['Packages', packages.length > 0 ? packages.map(([name, packageVersion]) => `${name} ${packageVersion}`).join(', ') : notProvided]);
  const blocks: Block[] = [{ kind: 'fields', rows }];
  if (run && Object.keys(run.params).length > 0) {
    blocks.push({ kind: 'subheading', text: 'Hyperparameters' });
    blocks.push({ kind: 'table', headers: ['Parameter', 'Value'], rows: Object.entries(run.params).sort(([left], [right]) => left.localeCompare(right)) });
  }
  return blocks;
}

/** The scalar numbers of a check, so the table shows the value against its bound at a glance. */
function keyNumbers(numbers: Record<string, unknown>): string {
  return Object.entries(numbers)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'boolean')
    .slice(0, 4)
    .map(([key, value]) => `${key} ${formatValue(value)}`)
    .join(', ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(4)));
}

function humanise(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isoDate(milliseconds: number): string {
  return new Date(milliseconds).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function markdownBlock(block: Block): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [block.text];
    case 'missing':
      return [`_${block.text}_`];
    case 'subheading':
      return [`### ${block.text}`];
    case 'list':
      return block.items.map((item) => `- ${item}`);
    case 'fields':
      return markdownTable(['Field', 'Value'], block.rows);
    case 'table':
      return markdownTable(block.headers, block.rows);
  }
}

function markdownTable(headers: string[], rows: string[][]): string[] {
  // A pipe or a line break inside a value would end its cell or its row.
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'missing':
      return `<p class="missing">${escapeHtml(block.text)}</p>`;
    case 'subheading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<table class="fields"><tbody>${block.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td${value === notProvided ? ' class="missing"' : ''}>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>`;
    case 'table':
      return `<table><thead><tr>${block.headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${block.rows.map((row) => `<tr>${row.map((value) => `<td${verdictClass(value)}>${escapeHtml(value)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  }
}

function verdictClass(value: string): string {
  return value === 'pass' || value === 'fail' || value === 'error' || value === 'skipped' ? ` class="verdict ${value}"` : '';
}

const styles = `
:root { color-scheme: light dark; --text: #1f2328; --muted: #59636e; --background: #ffffff; --line: #d1d9e0; --stripe: #f6f8fa; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --text: #e6edf3; --muted: #9198a1; --background: #0d1117; --line: #3d444d; --stripe: #151b23; --pass: #3fb950; --fail: #f85149; --warn: #d29922; } }
body { margin: 0; background: var(--background); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
.lead { color: var(--muted); font-size: 17px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border: 1px solid var(--line); overflow-wrap: anywhere; }
thead th, table.fields th { background: var(--stripe); font-weight: 600; }
table.fields th { width: 180px; }
.missing { color: var(--warn); font-style: italic; }
.verdict { font-weight: 600; }
.verdict.pass { color: var(--pass); }
.verdict.fail, .verdict.error { color: var(--fail); }
.verdict.skipped { color: var(--muted); }
`;
