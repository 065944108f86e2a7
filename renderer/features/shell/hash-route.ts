import { useMemo, useSyncExternalStore } from 'react';

// Hash routing keeps every page a plain URL of the one served file, which works the same from the
// core's origin, from a file:// load under Electron, and behind any reverse proxy.

export interface HashLocation {
  /** Always starts with '/', no trailing slash (except the root itself). */
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): HashLocation {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryStart = body.indexOf('?');
  const rawPath = queryStart < 0 ? body : body.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : body.slice(queryStart + 1));
  let path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, query };
}

/** Matches '/runs/:runId' style patterns; returns the decoded parameters or null. */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < patternParts.length; index += 1) {
    const expected = patternParts[index];
    const actual = pathParts[index];
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

export function experimentHref(experimentId: string): string {
  return `#/experiments/${encodeURIComponent(experimentId)}`;
}

export function runHref(runId: string): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}

/** A dataset's page; without a version it shows the latest. */
export function datasetHref(name: string, version?: number): string {
  return `#/datasets/${encodeURIComponent(name)}${version === undefined ? '' : `/${version}`}`;
}

/** Commas stay literal so the address bar reads `#/compare?runs=a,b,c`. */
export function compareHref(runIds: readonly string[]): string {
  return `#/compare?runs=${runIds.map(encodeURIComponent).join(',')}`;
}

export function parseRunIds(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))];
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(window.history.state, '', href);
    // replaceState does not fire hashchange; subscribers still need to hear about it.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href.startsWith('#') ? href.slice(1) : href;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashLocation(): HashLocation {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parseHash(hash), [hash]);
}
