// Addresses of the registry's pages; the lineage graph, the governance queue and the run page link here.

export const modelsHref = '#/models';

export function modelHref(name: string): string {
  return `#/models/${encodeURIComponent(name)}`;
}

export type VersionTab = 'overview' | 'lineage' | 'manifest' | 'card' | 'governance';
export const versionTabs: readonly VersionTab[] = ['overview', 'lineage', 'manifest', 'card', 'governance'];

/** A version's page; the overview unless another tab is named. */
export function versionHref(name: string, version: number, tab?: VersionTab): string {
  const base = `${modelHref(name)}/versions/${version}`;
  return tab && tab !== 'overview' ? `${base}?tab=${tab}` : base;
}

export function versionTabOf(value: string | null): VersionTab {
  return versionTabs.find((tab) => tab === value) ?? 'overview';
}

/** The remotes (shared buckets and team registries) with what they hold, and pull. */
export const remotesHref = '#/remotes';

/** The Remotes page showing one remote's contents against this workspace. */
export function remoteHref(name: string): string {
  return `${remotesHref}?remote=${encodeURIComponent(name)}`;
}
