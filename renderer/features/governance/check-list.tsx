import type { CheckResult } from '../../../core/api/registry-contract';
import { formatDuration } from '../../ui/format';
import { Icon, type IconName } from '../../ui/icons';
import { BiasChart } from './bias-chart';
import { biasGroups, checkValueRows, orderChecks, type ValueRow } from './check-values';

const verdictIcons: Record<CheckResult['verdict'], IconName> = { pass: 'checkCircle', fail: 'close', error: 'alert', skipped: 'info' };
const verdictLabels: Record<CheckResult['verdict'], string> = { pass: 'Pass', fail: 'Fail', error: 'Error', skipped: 'Skipped' };

function ValueTable({ title, rows }: { title: string; rows: readonly ValueRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="check-values">
      <h4>{title}</h4>
      <table className="data-table check-value-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" className="mono">
                {row.key}
              </th>
              <td className="mono">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckRow({ check }: { check: CheckResult }) {
  const groups = biasGroups(check);
  return (
    <li className={`check-row check-${check.verdict}`} data-testid="check-row" data-verdict={check.verdict} data-check={check.name}>
      {/* Failures open by default: they are what the reviewer has to weigh. */}
      <details open={check.verdict === 'fail' || check.verdict === 'error'}>
        <summary>
          <span className={`verdict verdict-${check.verdict}`}>
            <Icon name={verdictIcons[check.verdict] ?? 'info'} size={14} />
            {verdictLabels[check.verdict] ?? check.verdict}
          </span>
          <span className="check-name mono">{check.name}</span>
          <span className="check-summary">{check.summary}</span>
          <span className="check-duration faint numeric">{formatDuration(check.duration_ms)}</span>
        </summary>
        <div className="check-body">
          {groups.length > 0 && (
            <div className="check-chart">
              <BiasChart groups={groups} />
              {groups.some((group) => !group.compared) && (
                <p className="faint">Groups below the policy's minimum size are shown but not compared.</p>
              )}
            </div>
          )}
          <div className="check-tables">
            <ValueTable title="Numbers" rows={checkValueRows(check.numbers, groups.length > 0 ? ['groups'] : [])} />
            <ValueTable title="Inputs" rows={checkValueRows(check.inputs)} />
          </div>
        </div>
      </details>
    </li>
  );
}

/** Every check of a review with its verdict, summary, inputs and numbers; failures first. */
export function CheckList({ checks }: { checks: readonly CheckResult[] }) {
  if (checks.length === 0) return <p className="card-note">No checks recorded yet.</p>;
  return (
    <ul className="check-list">
      {orderChecks(checks).map((check) => (
        <CheckRow key={check.name} check={check} />
      ))}
    </ul>
  );
}

/** "11 passed · 1 failed" from a review's verdict counts. */
export function VerdictCounts({ verdicts }: { verdicts: Partial<Record<CheckResult['verdict'], number>> }) {
  const words: Record<CheckResult['verdict'], string> = { pass: 'passed', fail: 'failed', error: 'errored', skipped: 'skipped' };
  const parts = (['fail', 'error', 'pass', 'skipped'] as const).filter((verdict) => (verdicts[verdict] ?? 0) > 0);
  if (parts.length === 0) return null;
  return (
    <span className="verdict-counts">
      {parts.map((verdict) => (
        <span key={verdict} className={`verdict-count verdict-${verdict}`}>
          {verdicts[verdict]} {words[verdict]}
        </span>
      ))}
    </span>
  );
}
