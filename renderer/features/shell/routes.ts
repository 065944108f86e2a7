// The route table. A new capability adds one nav item and its page routes here; the side nav,
// the `g <key>` shortcuts and the shortcut sheet all read from these lists.
import type { ComponentType } from 'react';
import type { IconName } from '../../ui/icons';
import { ComparePage } from '../compare/compare-page';
import { DatasetsPage } from '../datasets/datasets-page';
import { DeploymentsPage } from '../deployments/deployments-page';
import { ExperimentsPage } from '../experiments/experiments-page';
import { FeaturesPage } from '../features/features-page';
import { GovernancePage } from '../governance/governance-page';
import { ModelsPage } from '../models/models-page';
import { RemotesPage } from '../models/remotes-page';
import { MonitoringPage } from '../monitoring/monitoring-page';
import { RunPage } from '../runs/run-page';
import { ValidationPage } from '../validation/validation-page';
import { matchPattern, type HashLocation } from './hash-route';
import type { PageProps } from './page-props';

export interface NavItem {
  section: string;
  label: string;
  href: string;
  icon: IconName;
  /** Second key of the `g <key>` jump. */
  goKey: string;
}

export interface PageRoute {
  pattern: string;
  /** Which nav item is highlighted while this page shows. */
  section: string;
  Page: ComponentType<PageProps>;
}

export const navItems: NavItem[] = [
  { section: 'experiments', label: 'Experiments', href: '#/experiments', icon: 'flask', goKey: 'e' },
  { section: 'datasets', label: 'Datasets', href: '#/datasets', icon: 'database', goKey: 'd' },
  { section: 'features', label: 'Features', href: '#/features', icon: 'layers', goKey: 'f' },
  { section: 'validation', label: 'Validation', href: '#/validation', icon: 'checkSquare', goKey: 'v' },
  { section: 'models', label: 'Models', href: '#/models', icon: 'file', goKey: 'm' },
  { section: 'governance', label: 'Governance', href: '#/governance', icon: 'checkCircle', goKey: 'r' },
  { section: 'deployments', label: 'Deployments', href: '#/deployments', icon: 'rocket', goKey: 's' },
  { section: 'monitoring', label: 'Monitoring', href: '#/monitoring', icon: 'chart', goKey: 'o' },
  { section: 'remotes', label: 'Remotes', href: '#/remotes', icon: 'upload', goKey: 'p' },
];

export const pageRoutes: PageRoute[] = [
  { pattern: '/experiments', section: 'experiments', Page: ExperimentsPage },
  { pattern: '/experiments/:experimentId', section: 'experiments', Page: ExperimentsPage },
  { pattern: '/runs/:runId', section: 'experiments', Page: RunPage },
  { pattern: '/compare', section: 'experiments', Page: ComparePage },
  { pattern: '/datasets', section: 'datasets', Page: DatasetsPage },
  { pattern: '/datasets/:name', section: 'datasets', Page: DatasetsPage },
  { pattern: '/datasets/:name/:version', section: 'datasets', Page: DatasetsPage },
  { pattern: '/features', section: 'features', Page: FeaturesPage },
  { pattern: '/features/:tab', section: 'features', Page: FeaturesPage },
  { pattern: '/validation', section: 'validation', Page: ValidationPage },
  { pattern: '/validation/:suite', section: 'validation', Page: ValidationPage },
  { pattern: '/models', section: 'models', Page: ModelsPage },
  { pattern: '/remotes', section: 'remotes', Page: RemotesPage },
  { pattern: '/models/:name', section: 'models', Page: ModelsPage },
  { pattern: '/models/:name/versions/:version', section: 'models', Page: ModelsPage },
  { pattern: '/governance', section: 'governance', Page: GovernancePage },
  { pattern: '/governance/reviews/:reviewId', section: 'governance', Page: GovernancePage },
  { pattern: '/governance/:view', section: 'governance', Page: GovernancePage },
  { pattern: '/deployments', section: 'deployments', Page: DeploymentsPage },
  { pattern: '/deployments/:name', section: 'deployments', Page: DeploymentsPage },
  { pattern: '/monitoring', section: 'monitoring', Page: MonitoringPage },
  { pattern: '/monitoring/:deployment', section: 'monitoring', Page: MonitoringPage },
];

export const homeHref = '#/experiments';

export function resolveRoute(location: HashLocation): { route: PageRoute; params: Record<string, string> } | null {
  for (const route of pageRoutes) {
    const params = matchPattern(route.pattern, location.path);
    if (params) return { route, params };
  }
  return null;
}
