// OS notifications for window.desktop.notify (monitoring alerts): Electron's Notification, shown
// only where the OS supports it, and a click brings the app window forward.
import type { NotificationConstructorOptions } from 'electron';
import type { NotifyRequest } from './ipc.js';

/** The part of Electron's Notification class used here (a fake in tests). */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): { on(event: 'click', listener: () => void): unknown; show(): void };
}

/** Shows the notification; false where the OS has no notification support (nothing is shown). */
export function showDesktopNotification(Notification: NotificationClass, request: NotifyRequest, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ title: request.title, body: request.body, silent: false });
  notification.on('click', onClick);
  notification.show();
  return true;
}
