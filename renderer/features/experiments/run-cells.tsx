import type { RunRow } from '../../../core/api/contract';
import { fromWire } from '../../api/wire-number';
import { formatDuration, formatMetric, formatRelativeTime, formatTimestamp, runDuration, shortRunId } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { StatusBadge } from '../../ui/status-badge';
import { runHref } from '../shell/hash-route';
import type { RunColumn } from './run-columns';

const missing = <span className="faint">—</span>;

export interface CellContext {
  /** run_id → run_name for the loaded runs, to name parents. */
  parentNames: ReadonlyMap<string, string>;
  now: number;
}

function parentLabel(parentId: string, context: CellContext): string {
  return context.parentNames.get(parentId) || shortRunId(parentId);
}

export function RunCell({ run, column, context }: { run: RunRow; column: RunColumn; context: CellContext }) {
  switch (column.kind) {
    case 'name': {
      const name = run.run_name || shortRunId(run.run_id);
      return (
        <a className="run-name" href={runHref(run.run_id)} title={run.parent_run_id ? `${name}, child of ${parentLabel(run.parent_run_id, context)}` : name} tabIndex={-1}>
          {run.parent_run_id && <Icon name="nested" size={13} className="run-nested-mark" />}
          <span className="truncate">{name}</span>
          {run.parent_run_id && <span className="run-parent-hint truncate">{parentLabel(run.parent_run_id, context)}</span>}
        </a>
      );
    }
    case 'metric': {
      const value = fromWire(run.metrics[column.key]);
      return value === null ? missing : <span className="numeric">{formatMetric(value)}</span>;
    }
    case 'param':
    case 'tag': {
      const value = column.kind === 'param' ? run.params[column.key] : run.tags[column.key];
      return value === undefined ? missing : <span className="truncate" title={value}>{value}</span>;
    }
    case 'attribute':
      return <AttributeCell run={run} attribute={column.key} context={context} />;
  }
}

function AttributeCell({ run, attribute, context }: { run: RunRow; attribute: string; context: CellContext }) {
  switch (attribute) {
    case 'status':
      return <StatusBadge status={run.status} />;
    case 'start_time':
      return <span title={formatTimestamp(run.start_time)}>{formatRelativeTime(run.start_time, context.now)}</span>;
    case 'duration':
      return <span className="numeric">{formatDuration(runDuration(run, context.now))}</span>;
    case 'user_id':
      return run.user_id ? <span className="truncate">{run.user_id}</span> : missing;
    case 'parent':
      return run.parent_run_id ? (
        <a className="link truncate" href={runHref(run.parent_run_id)} tabIndex={-1}>
          {parentLabel(run.parent_run_id, context)}
        </a>
      ) : (
        missing
      );
    case 'run_id':
      return (
        <span className="mono faint" title={run.run_id}>
          {shortRunId(run.run_id)}
        </span>
      );
    default:
      return missing;
  }
}
