import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopNotifier } from '../../main/app/desktop-notification';
import { Notification, resetElectronMock } from '../helpers/electron-mock';

// Electron's Notification is typed as a class with many members; the mock records what matters.
const deps = (onClick = vi.fn(), log = vi.fn()) => ({ Notification: Notification as never, onClick, log });

describe('desktop notifications', () => {
  beforeEach(() => resetElectronMock());

  it('keeps each notification referenced until it is clicked or closed, so its click still arrives', () => {
    const onClick = vi.fn();
    const notifier = createDesktopNotifier(deps(onClick));
    notifier.show({ title: 'Port 3000: node died', body: 'node (PID 1) is gone.', port: 3000 });
    notifier.show({ title: 'Port 5173: orphaned', body: 'Its parent exited.', port: 5173 });
    expect(Notification.shown.map((n) => n.options.title)).toEqual(['Port 3000: node died', 'Port 5173: orphaned']);
    expect(notifier.pending()).toBe(2);

    Notification.shown[0]!.emit('click');
    expect(onClick).toHaveBeenCalledExactlyOnceWith(3000);
    Notification.shown[1]!.emit('close');
    expect(onClick).toHaveBeenCalledOnce();
    expect(notifier.pending()).toBe(0);
  });

  it('logs instead where the desktop has no notification server', () => {
    const log = vi.fn();
    vi.spyOn(Notification, 'isSupported').mockReturnValueOnce(false);
    const notifier = createDesktopNotifier(deps(vi.fn(), log));
    notifier.show({ title: 'Kill on port 3000 verified', body: 'PID 1 is gone.', port: 3000 });
    expect(Notification.shown).toEqual([]);
    expect(log).toHaveBeenCalledWith('Kill on port 3000 verified: PID 1 is gone.');
  });
});
