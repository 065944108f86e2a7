// Renders components into a real (happy-dom) document for tests: each test gets a fresh root,
// unmounted after it.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

// Tells React that tests wrap their updates in act(), so it flushes them before act returns.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Call in a describe block; read `container` and `root` inside its tests. */
export function mountPerTest(): { readonly container: HTMLDivElement; readonly root: Root } {
  const mounted = {} as { container: HTMLDivElement; root: Root };
  beforeEach(() => {
    mounted.container = document.createElement('div');
    document.body.append(mounted.container);
    mounted.root = createRoot(mounted.container);
  });
  afterEach(() => {
    act(() => mounted.root.unmount());
    mounted.container.remove();
  });
  return mounted;
}
