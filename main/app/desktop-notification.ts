import type { Notification as NotificationType, NotificationConstructorOptions } from 'electron';
import type { NotificationSpec } from './notifications';

export interface DesktopNotificationDeps {
  Notification: { new (options: NotificationConstructorOptions): NotificationType; isSupported(): boolean };
  /** Shows the port the notification is about. */
  onClick: (port: number | null) => void;
  log: (message: string) => void;
}

/**
 * Shows a notification spec on the desktop. Electron holds main-process notifications only
 * weakly: one nobody references can be garbage-collected while it is still on screen, and its
 * click then reaches no handler (electron/electron#16922). Each one is kept until it is clicked,
 * closed or fails.
 */
export function createDesktopNotifier(deps: DesktopNotificationDeps): { show(spec: NotificationSpec): void; pending(): number } {
  const open = new Set<NotificationType>();
  return {
    show(spec) {
      // No notification server (a bare Linux session): the log is the only place left to say it.
      if (!deps.Notification.isSupported()) return deps.log(`${spec.title}: ${spec.body}`);
      const n = new deps.Notification({ title: spec.title, body: spec.body });
      const release = () => open.delete(n);
      n.on('click', () => {
        release();
        deps.onClick(spec.port);
      });
      n.on('close', release);
      n.on('failed', (_event, error) => {
        release();
        deps.log(`notification not shown (${error}): ${spec.title}: ${spec.body}`);
      });
      open.add(n);
      n.show();
    },
    pending: () => open.size,
  };
}
