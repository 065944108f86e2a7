import type { SuiteSummary, ValidationRunSummary } from '../../../core/api/validation-contract';
import { formatCount } from '../../ui/format';
import { SidebarLink, SidebarList } from '../../ui/sidebar-list';
import { releaseFocusAfterClick } from '../shell/keyboard';
import { ImportSuiteButton } from './import-suite-button';
import { PassBadge } from './run-results';
import { suiteHref } from './validation-hrefs';

/** Suites with their latest version, expectation count and whether the last run passed. */
export function SuiteList({ suites, lastRuns, activeName }: { suites: readonly SuiteSummary[]; lastRuns: ReadonlyMap<string, ValidationRunSummary>; activeName: string | null }) {
  return (
    <SidebarList
      title="Suites"
      action={<ImportSuiteButton className="button button-small" />}
      items={suites}
      keyOf={(suite) => suite.name}
      nameOf={(suite) => suite.name}
      searchPlaceholder="Find a suite"
      noun="suite"
      renderItem={(suite) => {
        const lastRun = lastRuns.get(suite.name);
        return (
          <SidebarLink className="suite-item" href={suiteHref(suite.name)} current={suite.name === activeName} data-testid="suite-item" data-suite={suite.name} title={suite.name} onClick={releaseFocusAfterClick}>
            <span className="suite-item-name truncate">{suite.name}</span>
            <span className="suite-item-meta faint numeric">
              v{suite.version} · {formatCount(suite.expectation_count)} {suite.expectation_count === 1 ? 'expectation' : 'expectations'}
            </span>
            <span className="suite-item-run">{lastRun ? <PassBadge success={lastRun.success} /> : <span className="faint">not run</span>}</span>
          </SidebarLink>
        );
      }}
    />
  );
}
