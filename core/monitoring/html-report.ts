// The standalone HTML drift report: one file, inline CSS, a few lines of inline script for sorting
// and the theme switch, and SVG charts drawn here from the report document's aggregated
// histograms. Nothing is fetched, so it opens offline; its size grows with the column count, not
// the row count (≤ 50 bins per numeric column, ≤ 20 categories per chart).
import type { EvidentlyColumnEntry } from './report-json.js';
import type { DriftReportDocument } from './report-document.js';
import { categoryChart, compactNumber, escapeXml as escape, overlayChart } from './svg-chart.js';

const style = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d2330;--muted:#5c6677;--line:#d9dee7;--card:#f5f7fa;--ref:#3b6fd8;--cur:#e8772e;--bad:#c62f3b;--good:#23834d}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#14171d;--fg:#e3e7ee;--muted:#9aa4b5;--line:#2d333e;--card:#1c2028;--ref:#6f9bff;--cur:#ff9d5c;--bad:#ff6b75;--good:#5fd08e}}
:root[data-theme=dark]{--bg:#14171d;--fg:#e3e7ee;--muted:#9aa4b5;--line:#2d333e;--card:#1c2028;--ref:#6f9bff;--cur:#ff9d5c;--bad:#ff6b75;--good:#5fd08e}
body{margin:0 auto;max-width:1100px;padding:24px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px}.bad{color:var(--bad)}.good{color:var(--good)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th[data-key]{cursor:pointer;user-select:none}th[data-key]:after{content:" ↕";color:var(--muted)}td.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:var(--ref)}section.column{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0}
.chart{width:100%;max-width:560px;height:auto}.chart text{fill:var(--muted);font-size:10px}.chart .grid{stroke:var(--line)}
.chart .reference{fill:var(--ref);fill-opacity:.45}.chart .current{fill:var(--cur);fill-opacity:.45}
button{background:var(--card);color:var(--fg);border:1px solid var(--line);border-radius:6px;padding:4px 10px;cursor:pointer;float:right}`;

// Sorting reads data-* attributes, so no report data ever appears inside the script.
const script = `
document.getElementById('theme').addEventListener('click',function(){var r=document.documentElement;var dark=r.dataset.theme?r.dataset.theme==='dark':matchMedia('(prefers-color-scheme: dark)').matches;r.dataset.theme=dark?'light':'dark'});
document.querySelectorAll('th[data-key]').forEach(function(th){th.addEventListener('click',function(){var body=th.closest('table').tBodies[0];var key=th.dataset.key;var numeric=th.dataset.numeric==='1';var dir=th.dataset.dir==='asc'?'desc':'asc';th.dataset.dir=dir;
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x=a.dataset[key],y=b.dataset[key];var c=numeric?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);return dir==='asc'?c:-c});rows.forEach(function(r){body.appendChild(r)})})});`;

function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(3) : String(Number(value.toFixed(4)));
}

function yesNo(value: boolean | null, yes = 'Yes', no = 'No'): string {
  if (value === null) return '<span class="muted">—</span>';
  return value ? `<span class="bad">${yes}</span>` : `<span class="good">${no}</span>`;
}

function card(title: string, value: string, note = ''): string {
  return `<div class="card"><span class="muted">${escape(title)}</span><b>${value}</b>${note ? `<span class="muted">${note}</span>` : ''}</div>`;
}

function columnChart(entry: EvidentlyColumnEntry, overlay: unknown): string {
  const label = `${entry.column_name}: reference vs current`;
  const shared = overlay as { edges: number[]; reference: number[]; current: number[] } | undefined;
  if (entry.column_type === 'num' && shared) return overlayChart(label, shared.edges, shared.reference, shared.current);
  const { svg, shown } = categoryChart(label, entry.reference.small_distribution.x, entry.reference.small_distribution.y, entry.current.small_distribution.y);
  const total = entry.reference.small_distribution.x.length;
  return `${svg}${shown < total ? `<p class="muted">The ${shown} most frequent of ${total.toLocaleString('en-US')} categories.</p>` : ''}`;
}

export function renderDriftHtml(document: DriftReportDocument): string {
  const { workbench } = document;
  const { summary } = workbench;
  const table = document.metrics.find((metric) => metric.metric === 'DataDriftTable') as { result: { drift_by_columns: Record<string, EvidentlyColumnEntry> } };
  const entries = Object.values(table.result.drift_by_columns).sort((left, right) => Number(right.drift_detected) - Number(left.drift_detected) || left.column_name.localeCompare(right.column_name));
  const role = (name: string) => (name === workbench.target ? ' <span class="muted">(target)</span>' : name === workbench.prediction ? ' <span class="muted">(prediction)</span>' : '');
  const rows = entries
    .map((entry, index) => {
      const name = escape(entry.column_name);
      return `<tr data-column="${name}" data-type="${entry.column_type}" data-test="${escape(entry.stattest_name)}" data-threshold="${entry.stattest_threshold}" data-score="${entry.drift_score}" data-drifted="${entry.drift_detected ? 1 : 0}"><td><a href="#column-${index}">${name}</a>${role(entry.column_name)}</td><td>${entry.column_type}</td><td>${escape(entry.stattest_name)}</td><td class="num">${formatScore(entry.stattest_threshold)}</td><td class="num">${formatScore(entry.drift_score)}</td><td>${yesNo(entry.drift_detected, 'Drifted', 'No')}</td></tr>`;
    })
    .join('\n');
  const charts = entries
    .map((entry, index) => {
      const extra = workbench.columns[entry.column_name];
      const warnings = extra?.warnings.length ? `<p class="muted">${extra.warnings.map(escape).join('<br>')}</p>` : '';
      return `<section class="column" id="column-${index}"><h3>${escape(entry.column_name)}${role(entry.column_name)} — ${yesNo(entry.drift_detected, 'drifted', 'not drifted')}</h3><p class="muted">${escape(entry.stattest_name)}: ${formatScore(entry.drift_score)} (threshold ${formatScore(entry.stattest_threshold)}); ${compactNumber(extra?.reference_size ?? 0)} reference and ${compactNumber(extra?.current_size ?? 0)} current values</p>${columnChart(entry, extra?.overlay)}${warnings}</section>`;
    })
    .join('\n');
  const notTested = [
    ...workbench.skipped.map((entry) => `<li><b>${escape(entry.column)}</b>: ${escape(entry.reason)}</li>`),
    ...workbench.missing_in_current.map((column) => `<li><b>${escape(column)}</b>: missing from the current data</li>`),
  ];
  const quality = document.tests
    .map(
      (test) =>
        `<tr data-status="${test.status}" data-name="${escape(test.name)}" data-column="${escape(test.column ?? '')}"><td>${escape(test.name)}</td><td>${escape(test.column ?? '(dataset)')}</td><td>${test.status === 'SUCCESS' ? '<span class="good">pass</span>' : `<span class="bad">${test.status === 'FAIL' ? 'fail' : 'error'}</span>`}</td><td>${escape(test.description)}</td></tr>`,
    )
    .join('\n');
  const title = `Drift report: ${workbench.current.label} against ${workbench.reference.label}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${escape(title)}</title><style>${style}</style></head>
<body><button id="theme" type="button">Light / dark</button>
<h1>${escape(title)}</h1>
<p class="muted">Reference ${escape(workbench.reference.label)} (${workbench.reference.rows.toLocaleString('en-US')} rows) · current ${escape(workbench.current.label)} (${workbench.current.rows.toLocaleString('en-US')} rows) · computed in ${workbench.duration_ms} ms</p>
<div class="cards">${card('Dataset drift', yesNo(summary.dataset_drift), `at drift share ${summary.drift_share}`)}${card('Drifted columns', `${summary.number_of_drifted_columns} of ${summary.number_of_columns}`, `share ${formatScore(summary.share_of_drifted_columns)}`)}${workbench.target ? card('Target drift', yesNo(summary.target_drift), escape(workbench.target)) : ''}${workbench.prediction ? card('Prediction drift', yesNo(summary.prediction_drift), escape(workbench.prediction)) : ''}${card('Data quality', `${summary.quality_passed} passed`, `${summary.quality_failed} failed`)}</div>
<h2>Columns</h2>
<table id="columns"><thead><tr><th data-key="column">Column</th><th data-key="type">Type</th><th data-key="test">Test</th><th data-key="threshold" data-numeric="1">Threshold</th><th data-key="score" data-numeric="1">Score</th><th data-key="drifted" data-numeric="1">Drifted</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${notTested.length ? `<h2>Not tested</h2><ul>${notTested.join('')}</ul>` : ''}
<h2>Data quality</h2>
<table id="quality"><thead><tr><th data-key="name">Test</th><th data-key="column">Column</th><th data-key="status">Result</th><th>Details</th></tr></thead>
<tbody>
${quality}
</tbody></table>
<h2>Distributions</h2>
${charts}
<script>${script}</script>
</body></html>
`;
}
