import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/electron-mock'));
// The boot wiring is under test here, not the core (test/core/service drives the real one).
vi.mock('../../main/core/service', async (importOriginal) => {
  const { fakeService } = await import('./fake-service');
  const { held, proc, snapshot } = await import('./snapshot-fixtures');
  const service = fakeService(snapshot([held(3000, proc())]));
  // The rest of the index (ok, fail, holderOf) stays real: the glue uses it.
  return { ...(await importOriginal<object>()), createWorkerService: vi.fn(() => service), service };
});
vi.mock('../../main/app/login-item', () => ({
  HIDDEN_ARG: '--hidden',
  createLoginItem: () => ({
    supported: true,
    getState: async () => ({ enabled: true, detail: null, location: null }),
    setEnabled: async (enabled: boolean) => ({ ok: true, state: { enabled, detail: null, location: null } }),
  }),
}));

import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, nativeImage, resetElectronMock, session, Tray } from '../helpers/electron-mock';
import { INVOKE_CHANNELS } from '../../preload/contract';
import { runApp } from '../../main/app/app';

type FakeService = ReturnType<typeof import('./fake-service').fakeService>;

async function boot(): Promise<FakeService> {
  const mod = (await import('../../main/core/service')) as unknown as { service: FakeService };
  mod.service.start.mockClear();
  mod.service.stop.mockClear();
  runApp();
  return mod.service;
}

describe('main process boot', () => {
  beforeEach(() => {
    resetElectronMock();
    for (const state of ['ok', 'warning', 'trouble']) nativeImage.existing.add(join(process.cwd(), 'build', 'tray', `${state}.png`));
  });

  it('quits at once when another instance holds the lock, touching nothing', async () => {
    app.hasLock = false;
    await boot();
    expect(app.quitCalls).toBe(1);
    expect(Tray.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('starts the watcher, builds the tray, registers every IPC channel, and hides the dock icon', async () => {
    const service = await boot();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    expect(service.start).toHaveBeenCalledOnce();
    expect(app.dock.hidden).toBe(true);
    const tray = Tray.instances[0]!;
    const template = tray.menus.at(-1)!.template as Array<{ label?: string; checked?: boolean }>;
    expect(template.find((i) => i.label === 'Launch at Login')?.checked).toBe(true);
    expect(template.some((i) => i.label?.startsWith('3000 · next-server · PID 4242'))).toBe(true);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
  });

  it('shows the inspector on a second launch, and on quit stops only the watcher', async () => {
    const service = await boot();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    const win = BrowserWindow.instances[0]!;
    win.hide();
    app.emit('second-instance');
    expect(win.visible).toBe(true);

    app.emit('before-quit');
    expect(service.stop).toHaveBeenCalledOnce();
    expect(service.kill).not.toHaveBeenCalled();
    expect(service.restart).not.toHaveBeenCalled();
  });

  it('says why it could not start, and exits', async () => {
    const mod = (await import('../../main/core/service')) as unknown as { service: FakeService };
    mod.service.start.mockRejectedValueOnce(new Error('EACCES: /proc/net/tcp'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    runApp();
    await vi.waitFor(() => expect(app.exitCodes).toEqual([1]));
    expect(dialog.errors).toEqual([['Portwarden could not start', 'EACCES: /proc/net/tcp\n\nRun it from a terminal to see the details.']]);
  });
});
