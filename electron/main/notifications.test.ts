import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { showDesktopNotification, type NotificationClass } from './notifications.js';

// Electron cannot run here: Notification is faked as a class that records what it was given.
function fakeNotification(supported: boolean) {
  const shown: NotificationConstructorOptions[] = [];
  const clicks: Array<() => void> = [];
  class Fake {
    static isSupported = () => supported;
    constructor(private readonly options: NotificationConstructorOptions) {}
    on(_event: 'click', listener: () => void) {
      clicks.push(listener);
      return this;
    }
    show() {
      shown.push(this.options);
    }
  }
  return { Notification: Fake as unknown as NotificationClass, shown, clicks };
}

describe('showDesktopNotification', () => {
  it('shows the alert as an OS notification, and a click focuses the app', () => {
    const { Notification, shown, clicks } = fakeNotification(true);
    let focused = 0;
    expect(showDesktopNotification(Notification, { title: 'Drift on churn-api', body: '5 of 8 columns drifted' }, () => (focused += 1))).toBe(true);
    expect(shown).toEqual([{ title: 'Drift on churn-api', body: '5 of 8 columns drifted', silent: false }]);
    clicks[0]();
    expect(focused).toBe(1);
  });

  it('shows nothing where the OS has no notifications', () => {
    const { Notification, shown } = fakeNotification(false);
    expect(showDesktopNotification(Notification, { title: 'Drift', body: '' }, () => undefined)).toBe(false);
    expect(shown).toEqual([]);
  });
});
