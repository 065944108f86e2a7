import { useId } from 'react';
import type { FeaturePlanResponse } from '../../../core/api/features-contract';
import { useFeaturesStore } from '../../stores/features-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Icon } from '../../ui/icons';
import { planSections, planSummary, repoFailure, type ChangeKind } from './plan-diff';

const changeLabels: Record<ChangeKind, { sign: string; label: string }> = {
  added: { sign: '+', label: 'add' },
  changed: { sign: '~', label: 'change' },
  removed: { sign: '−', label: 'remove' },
};

/**
 * Repo folder → Plan → the diff → Apply. Apply stays disabled until a plan of the same folder
 * shows changes, so nothing reaches the registry unseen.
 */
export function PlanPanel({ defaultPath }: { defaultPath: string }) {
  const typed = useFeaturesStore((state) => state.repoPath);
  const setRepoPath = useFeaturesStore((state) => state.setRepoPath);
  const plan = useFeaturesStore((state) => state.plan);
  const error = useFeaturesStore((state) => state.repoError);
  const busy = useFeaturesStore((state) => state.busy);
  const runPlan = useFeaturesStore((state) => state.runPlan);
  const runApply = useFeaturesStore((state) => state.runApply);
  const inputId = useId();
  const path = typed ?? defaultPath;
  const trimmed = path.trim();
  const current = plan && plan.path === trimmed ? plan.response : null;
  const canApply = current !== null && current.plan.hasChanges && busy === null;

  const apply = async () => {
    const response = await runApply(trimmed);
    if (response) showSuccessToast(response.applied ? `Applied feature repo version ${response.version}` : `Nothing to apply: version ${response.version} already matches`);
  };

  return (
    <div className="plan-panel">
      <form
        className="plan-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (trimmed) void runPlan(trimmed);
        }}
      >
        <label className="field plan-path" htmlFor={inputId}>
          <span className="field-label">Feature repo folder (on the core’s machine)</span>
          <input
            id={inputId}
            className="input mono"
            value={path}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setRepoPath(event.target.value)}
            aria-invalid={error ? true : undefined}
            data-testid="repo-path-input"
          />
        </label>
        <div className="plan-buttons">
          <button type="submit" className="button" disabled={!trimmed || busy !== null} data-testid="plan-button">
            {busy === 'plan' ? <span className="spinner spinner-inline" /> : <Icon name="search" size={14} />}
            Plan
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!canApply}
            title={canApply ? 'Apply these changes to the registry' : 'Plan first: Apply takes the changes the plan shows'}
            onClick={() => void apply()}
            data-testid="apply-button"
          >
            {busy === 'apply' ? <span className="spinner spinner-inline" /> : <Icon name="check" size={14} />}
            Apply
          </button>
        </div>
      </form>
      {error !== null && error !== undefined && <PlanError error={error} />}
      {current && <PlanDiff response={current} />}
    </div>
  );
}

function PlanError({ error }: { error: unknown }) {
  const failure = repoFailure(error);
  return (
    <div className="plan-error" role="alert" data-testid="plan-error">
      <p className="plan-error-title">
        <Icon name="alert" size={15} />
        <span>{failure.message}</span>
      </p>
      {failure.problems.length > 0 && (
        <ul className="plan-problems">
          {failure.problems.map((problem, index) => (
            <li key={index} data-testid="plan-problem">
              {problem.location && <span className="mono plan-problem-location">{problem.location}</span>}
              {problem.field && <code className="plan-problem-field">{problem.field}</code>}
              <span>{problem.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PlanDiff({ response }: { response: FeaturePlanResponse }) {
  const sections = planSections(response.plan);
  return (
    <div className="plan-diff" data-testid="plan-diff" data-has-changes={response.plan.hasChanges}>
      <p className="plan-summary">
        <strong>{planSummary(response.plan)}</strong>
        <span className="muted">
          {response.current_version === null ? ' · nothing applied yet' : ` · compared with version ${response.current_version}`}
        </span>
      </p>
      {sections.map((section) => (
        <section key={section.key} className="plan-section">
          <h3>{section.label}</h3>
          <ul>
            {section.entries.map((entry) => (
              <li key={`${entry.change}-${entry.name}`} className={`plan-entry is-${entry.change}`} data-testid="plan-entry" data-change={entry.change} data-name={entry.name}>
                <span className="plan-sign" aria-label={changeLabels[entry.change].label}>
                  {changeLabels[entry.change].sign}
                </span>
                <span className="mono">{entry.name}</span>
                {entry.fields.length > 0 && (
                  <table className="plan-fields">
                    <tbody>
                      {entry.fields.map((field) => (
                        <tr key={field.field}>
                          <th scope="row" className="mono">
                            {field.field}
                          </th>
                          <td className="mono plan-before">{field.before}</td>
                          <td aria-hidden="true">→</td>
                          <td className="mono plan-after">{field.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {response.warnings.length > 0 && (
        <ul className="plan-warnings">
          {response.warnings.map((warning) => (
            <li key={warning}>
              <Icon name="info" size={13} />
              {warning}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
