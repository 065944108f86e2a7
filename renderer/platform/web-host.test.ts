// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createWebHost, MissingTokenError, notifyInBrowser, readTokenFromHash, tokenStorageKey } from './web-host';

describe('readTokenFromHash', () => {
  it('takes the token that `mlwb serve` puts in the hash and leaves nothing behind', () => {
    expect(readTokenFromHash('#token=abc123')).toEqual({ token: 'abc123', remainingHash: '' });
  });

  it('keeps other hash parameters', () => {
    expect(readTokenFromHash('#token=abc&x=1')).toEqual({ token: 'abc', remainingHash: '#x=1' });
  });

  it('takes a token riding along with a route and keeps the route', () => {
    expect(readTokenFromHash('#/compare?runs=a,b&token=t1')).toEqual({ token: 't1', remainingHash: '#/compare?runs=a%2Cb' });
    expect(readTokenFromHash('#/runs/r1?token=t1')).toEqual({ token: 't1', remainingHash: '#/runs/r1' });
  });

  it('leaves hashes without a token alone', () => {
    expect(readTokenFromHash('#/experiments/1')).toEqual({ token: null, remainingHash: '#/experiments/1' });
    expect(readTokenFromHash('')).toEqual({ token: null, remainingHash: '' });
  });
});

describe('createWebHost', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('stores the token for this tab, strips it from the address bar and connects to its own origin', async () => {
    window.history.replaceState(null, '', '/#token=secret-token');
    const host = createWebHost(window);
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain('secret-token');
    expect(window.sessionStorage.getItem(tokenStorageKey)).toBe('secret-token');
    await expect(host.getCoreConnection()).resolves.toEqual({ url: window.location.origin, token: 'secret-token' });
  });

  it('survives a reload: the token comes back from sessionStorage', async () => {
    window.sessionStorage.setItem(tokenStorageKey, 'kept');
    window.history.replaceState(null, '', '/#/experiments/3');
    const host = createWebHost(window);
    expect(window.location.hash).toBe('#/experiments/3');
    await expect(host.getCoreConnection()).resolves.toMatchObject({ token: 'kept' });
  });

  it('refuses to connect without a token and says where to get one', async () => {
    const host = createWebHost(window);
    await expect(host.getCoreConnection()).rejects.toBeInstanceOf(MissingTokenError);
  });

  it('picks up a token from a link opened later in the same tab', async () => {
    const host = createWebHost(window);
    window.history.replaceState(null, '', '/#token=late');
    await expect(host.getCoreConnection()).resolves.toMatchObject({ token: 'late' });
    expect(window.location.hash).toBe('');
  });
});

describe('notifyInBrowser', () => {
  function fakeWindow(permission: string | null) {
    const shown: Array<{ title: string; body?: string }> = [];
    class FakeNotification {
      static permission = permission;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
    }
    return { win: (permission === null ? {} : { Notification: FakeNotification }) as unknown as Window, shown };
  }

  it('shows a browser notification when the user allowed them', () => {
    const { win, shown } = fakeWindow('granted');
    expect(notifyInBrowser(win, 'Drift on churn-api', '5 of 8 columns drifted')).toBe(true);
    expect(shown).toEqual([{ title: 'Drift on churn-api', body: '5 of 8 columns drifted' }]);
  });

  it('does nothing (and never prompts) when not permitted or not supported', () => {
    for (const permission of ['default', 'denied', null]) {
      const { win, shown } = fakeWindow(permission);
      expect(notifyInBrowser(win, 'Drift', 'x')).toBe(false);
      expect(shown).toEqual([]);
    }
  });
});
