import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { lastRunBySuite, useSuitesStore } from '../../stores/validation-store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { ExpectationDraft } from './expectation-form';
import { ExpectationsEditor } from './expectations-editor';
import { PastRuns } from './past-runs';
import { PassBadge, RunResults } from './run-results';
import { describeProblem, documentFromDrafts, draftsFromDocument, problemsOnDrafts, type FieldProblem } from './suite-draft';
import { SuiteVersions } from './suite-versions';
import { useDatasetChoice } from './use-dataset-choice';
import { suiteHref } from './validation-hrefs';

/** One suite: edit its expectations against a dataset version's columns, save a new version, run it, read past runs. */
export function SuiteDetail({ name, version }: { name: string; version: number | undefined }) {
  const { detail, detailStatus, catalog, runs, shownRun, busy, problem, openSuite, save, run, showRun, downloadUrl } = useSuitesStore();
  const [drafts, setDrafts] = useState<ExpectationDraft[]>([]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => void openSuite(name, version), [name, version, openSuite]);
  const shown = detail && detail.suite.name === name ? detail : null;
  useEffect(() => {
    if (!shown) return;
    setDrafts(draftsFromDocument(shown.document, catalog));
    setProblems([]);
    setDirty(false);
  }, [shown, catalog]);

  const suiteRuns = useMemo(() => runs.filter((entry) => entry.suite === name), [runs, name]);
  const lastRun = lastRunBySuite(suiteRuns).get(name) ?? null;
  const choice = useDatasetChoice(lastRun ? { dataset: lastRun.dataset, version: lastRun.dataset_version } : null);

  if (!shown) {
    if (detailStatus === 'failed')
      return (
        <div className="page-center">
          <EmptyState icon="search" title="No such suite">
            <p>
              <code>{name}</code>
              {version === undefined ? '' : ` v${version}`} is not in this workspace.
            </p>
          </EmptyState>
        </div>
      );
    return <PageSpinner />;
  }

  const onEdit = (next: ExpectationDraft[]) => {
    setDrafts(next);
    setDirty(true);
    setNotice(null);
  };
  const onSave = async () => {
    const output = documentFromDrafts(shown.document, drafts, catalog);
    if (output.problems.length > 0) {
      setProblems(output.problems);
      return;
    }
    const outcome = await save(output.document);
    if ('saved' in outcome) {
      setProblems([]);
      setNotice(outcome.saved.created ? `Saved as v${outcome.saved.suite.version}.` : `Nothing changed: v${outcome.saved.suite.version} already holds these expectations.`);
      if (version !== undefined) navigate(suiteHref(name));
    } else {
      const pinned = problemsOnDrafts(outcome.problems, drafts);
      setProblems(pinned.length > 0 ? pinned : [{ draftKey: null, field: null, message: outcome.message }]);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && busy === null) {
      event.preventDefault();
      void onSave();
    }
  };
  const latest = shown.versions[0]?.version ?? shown.suite.version;
  const isOld = shown.suite.version !== latest;
  const shownRunHere = shownRun && shownRun.run.suite === name ? shownRun : null;

  return (
    <div className="detail-page suite-detail" data-testid="suite-detail" data-suite={name} onKeyDown={onKeyDown}>
      <header className="detail-header">
        <div className="detail-title suite-title">
          <h1 className="truncate">{name}</h1>
          <span className="badge" data-testid="suite-shown-version">
            v{shown.suite.version}
          </span>
          {lastRun && <PassBadge success={lastRun.success} />}
          <span className="suite-title-actions">
            <a className="button" data-testid="download-suite-json" href={downloadUrl(name) + (isOld ? `&version=${shown.suite.version}` : '')} download={`${name}.json`}>
              <Icon name="download" size={14} />
              Download v1 JSON
            </a>
            <button type="button" className="button button-primary" data-testid="save-suite-button" disabled={busy !== null || (!dirty && !isOld)} onClick={() => void onSave()} title="Save as a new version (Ctrl+Enter)">
              {busy === 'save' ? 'Saving…' : isOld && !dirty ? `Restore v${shown.suite.version} as latest` : 'Save'}
            </button>
          </span>
        </div>
        {isOld && <p className="field-hint">Showing v{shown.suite.version}; the latest is v{latest}. Saving makes this the newest version.</p>}
        {dirty && <p className="field-hint">Unsaved edits: runs use the saved version until you save.</p>}
        {notice && (
          <p className="suite-notice" role="status">
            <Icon name="check" size={14} /> {notice}
          </p>
        )}
        {problems.length > 0 && (
          <div className="callout callout-danger" role="alert">
            <Icon name="alert" />
            <div>
              <h2>The suite was not saved</h2>
              <ul>
                {problems.map((entry, index) => (
                  <li key={index} data-testid="suite-error">
                    {describeProblem(entry, drafts)}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
        <div className="run-bar">
          <label className="field">
            <span className="field-label">Dataset</span>
            <select className="select" data-testid="run-dataset-select" value={choice.dataset} onChange={(event) => choice.setDataset(event.target.value)}>
              {choice.datasets.length === 0 && <option value="">No datasets</option>}
              {choice.datasets.map((dataset) => (
                <option key={dataset} value={dataset}>
                  {dataset}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Version</span>
            <select className="select" data-testid="run-version-select" value={choice.version} disabled={choice.versions.length === 0} onChange={(event) => choice.setVersion(Number(event.target.value))}>
              {choice.versions.length === 0 && <option value={0}>—</option>}
              {choice.versions.map((entry) => (
                <option key={entry} value={entry}>
                  v{entry}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" data-testid="run-suite-submit" disabled={busy !== null || choice.version === 0} onClick={() => void run(name, choice.dataset, choice.version)}>
            <Icon name="play" size={14} />
            {busy === 'run' ? 'Running…' : `Run v${latest}`}
          </button>
          <span className="field-hint run-bar-hint">{choice.columns.length > 0 ? `Column pickers list the ${choice.columns.length} columns of ${choice.dataset} v${choice.version}.` : 'Choose a dataset to pick columns from its schema.'}</span>
        </div>
        {problem && (
          <p className="callout callout-warning" role="alert">
            <Icon name="alert" /> {problem}
          </p>
        )}
      </header>
      {shownRunHere && <RunResults shown={shownRunHere} />}
      <ExpectationsEditor drafts={drafts} catalog={catalog ?? []} columns={choice.columns} problems={problems} onChange={onEdit} />
      <PastRuns runs={suiteRuns} shownId={shownRunHere?.run.id ?? null} onShow={(id) => void showRun(id)} />
      <SuiteVersions versions={shown.versions} shown={shown.suite.version} />
    </div>
  );
}
