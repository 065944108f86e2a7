import { EventEmitter } from 'node:events';
import type { HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { describe, expect, it } from 'vitest';
import { classifyNavigation, guardWebContents, isSameOrigin, restrictPermissions } from './security.js';

const coreUrl = 'http://127.0.0.1:5400';

describe('isSameOrigin', () => {
  it('matches pages of the core whatever their path, query or hash', () => {
    expect(isSameOrigin('http://127.0.0.1:5400/', coreUrl)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:5400/models/churn?version=3#metrics', coreUrl)).toBe(true);
  });

  it('treats another port, host, scheme or lookalike host as foreign', () => {
    expect(isSameOrigin('http://127.0.0.1:5401/', coreUrl)).toBe(false);
    expect(isSameOrigin('http://localhost:5400/', coreUrl)).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:5400/', coreUrl)).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:5400.evil.example/', coreUrl)).toBe(false);
    expect(isSameOrigin('http://user@evil.example/?http://127.0.0.1:5400', coreUrl)).toBe(false);
  });

  it('never matches opaque or unparsable URLs, not even each other', () => {
    expect(isSameOrigin('file:///etc/passwd', 'file:///home/')).toBe(false);
    expect(isSameOrigin('data:text/html,<h1>hi</h1>', coreUrl)).toBe(false);
    expect(isSameOrigin('not a url', coreUrl)).toBe(false);
    expect(isSameOrigin(coreUrl, 'not a url')).toBe(false);
  });
});

describe('classifyNavigation', () => {
  it.each([
    ['http://127.0.0.1:5400/experiments', 'allow'],
    ['https://mlflow.org/docs/latest/index.html', 'external'],
    ['http://example.com/', 'external'],
    ['http://127.0.0.1:9999/', 'external'],
    ['file:///etc/passwd', 'deny'],
    ['javascript:alert(1)', 'deny'],
    ['mailto:team@example.com', 'deny'],
    ['vscode://file/etc/passwd', 'deny'],
    ['data:text/html,<script>1</script>', 'deny'],
    ['', 'deny'],
  ])('%s → %s', (url, verdict) => {
    expect(classifyNavigation(url, coreUrl)).toBe(verdict);
  });
});

// Electron cannot run here, so WebContents and Session are faked with just the members the guard
// uses; the events carry the same shapes Electron documents (details object with url,
// preventDefault).
class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse) {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron and reports whether the listener cancelled the navigation. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded() {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  guardWebContents(contents as unknown as WebContents, {
    coreUrl,
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  return { contents, opened };
}

describe('guardWebContents', () => {
  it('lets the app navigate within the core and sends web links to the OS browser', () => {
    const { contents, opened } = guarded();
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:5400/datasets')).toBe(false);
    expect(contents.navigate('will-navigate', 'https://onnx.ai/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(opened).toEqual(['https://onnx.ai/']);
  });

  it('blocks redirects that leave the core origin', () => {
    const { contents, opened } = guarded();
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:5400/login')).toBe(false);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(opened).toEqual([]);
  });

  it('never opens a second app window; web links from window.open go to the OS browser', () => {
    const { contents, opened } = guarded();
    const open = (url: string) => contents.windowOpenHandler!({ url } as HandlerDetails);
    expect(open('https://github.com/')).toEqual({ action: 'deny' });
    expect(open('http://127.0.0.1:5400/runs/1')).toEqual({ action: 'deny' });
    expect(open('smb://share/file')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/']);
  });

  it('refuses to attach webviews', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('restrictPermissions', () => {
  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
  type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean;

  // Fake Session: records the two handlers so they can be called as Chromium would.
  function handlers() {
    let request: RequestHandler | null = null;
    let check: CheckHandler | null = null;
    const session = {
      setPermissionRequestHandler: (handler: RequestHandler) => (request = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (check = handler),
    };
    restrictPermissions(session as unknown as Session, coreUrl);
    const requestAnswer = (permission: string, requestingUrl: string) => {
      let answer: boolean | undefined;
      request!(null, permission, (granted) => (answer = granted), { requestingUrl });
      return answer;
    };
    return { requestAnswer, check: (permission: string, origin: string) => check!(null, permission, origin) };
  }

  it('denies camera, microphone, notifications and location', () => {
    const { requestAnswer, check } = handlers();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      expect(requestAnswer(permission, `${coreUrl}/`)).toBe(false);
      expect(check(permission, coreUrl)).toBe(false);
    }
  });

  it('lets only the app itself write to the clipboard', () => {
    const { requestAnswer, check } = handlers();
    expect(requestAnswer('clipboard-sanitized-write', `${coreUrl}/runs`)).toBe(true);
    expect(check('clipboard-sanitized-write', coreUrl)).toBe(true);
    expect(requestAnswer('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});
