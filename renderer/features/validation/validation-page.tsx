import { useEffect, useMemo } from 'react';
import { lastRunBySuite, useSuitesStore } from '../../stores/validation-store';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { SuiteDetail } from './suite-detail';
import { SuiteList } from './suite-list';
import { SuitesEmpty } from './suites-empty';
import { suiteHref } from './validation-hrefs';
import '../../styles/two-pane.css';
import '../../styles/detail-page.css';
// The callout look is the dataset page's.
import '../datasets/dataset-detail.css';
import './validation.css';
import './validation-page.css';

/** A version query parameter: a whole number from 1, or none. */
function versionParam(text: string | null): number | undefined {
  return text !== null && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
}

export function ValidationPage({ params, query }: PageProps) {
  const suites = useSuitesStore((state) => state.suites);
  const runs = useSuitesStore((state) => state.runs);
  const status = useSuitesStore((state) => state.status);
  const load = useSuitesStore((state) => state.load);
  const selected = params.suite ?? null;
  const lastRuns = useMemo(() => lastRunBySuite(runs), [runs]);

  useEffect(() => void load(), [load]);

  // #/validation opens the first suite.
  useEffect(() => {
    if (selected === null && status === 'ready' && suites.length > 0) navigate(suiteHref(suites[0].name), { replace: true });
  }, [selected, status, suites]);

  let main;
  if (status === 'idle' || status === 'loading') main = <PageSpinner />;
  else if (status === 'failed') main = <PageLoadFailed title="Could not load the expectation suites" onRetry={() => void load()} />;
  else if (suites.length === 0 && selected === null) main = <SuitesEmpty />;
  else if (selected !== null) main = <SuiteDetail key={selected} name={selected} version={versionParam(query.get('version'))} />;

  return (
    <div className="two-pane" data-testid="validation-page">
      {suites.length > 0 && <SuiteList suites={suites} lastRuns={lastRuns} activeName={selected} />}
      <div className="two-pane-main validation-main">{main}</div>
    </div>
  );
}
