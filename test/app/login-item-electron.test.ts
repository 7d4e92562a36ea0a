import type { LoginItemSettings, Settings } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createLoginItem } from '../../main/app/login-item';

// A stand-in for the OS's login-item store behind electron's app API: set writes it, get reads it,
// and the user can change it behind our back (Task Manager, System Settings).
function fakeApp(platform: 'darwin' | 'win32') {
  const store = { registered: null as null | { path: string; args: string[] }, approved: true, disabledByUser: false };
  const app = {
    setLoginItemSettings: vi.fn((s: Settings) => {
      store.registered = s.openAtLogin ? { path: s.path ?? '/default', args: s.args ?? [] } : null;
    }),
    getLoginItemSettings: vi.fn((o?: { path?: string; args?: string[] }): LoginItemSettings => {
      const r = store.registered;
      const matches =
        platform === 'darwin' ? r !== null : r !== null && r.path === o?.path && JSON.stringify(r.args) === JSON.stringify(o?.args ?? []);
      return {
        openAtLogin: matches,
        openAsHidden: false,
        wasOpenedAtLogin: false,
        wasOpenedAsHidden: false,
        restoreState: false,
        status: r === null ? 'not-registered' : store.approved ? 'enabled' : 'requires-approval',
        executableWillLaunchAtLogin: matches && !store.disabledByUser,
        launchItems: [],
      };
    }),
  };
  return { app, store };
}

describe('login item on macOS (electron mocked)', () => {
  it('sets openAtLogin, starts hidden, and reads the state back from the OS', async () => {
    const { app } = fakeApp('darwin');
    const item = createLoginItem('darwin', { app, env: {}, execPath: '/Applications/Portwarden.app/Contents/MacOS/Portwarden' });
    expect(await item.getState()).toEqual({ enabled: false, detail: null, location: null });
    expect(await item.setEnabled(true)).toEqual({ ok: true, state: { enabled: true, detail: null, location: null } });
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, openAsHidden: true });
    expect((await item.setEnabled(false)).ok).toBe(true);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, openAsHidden: true });
    expect((await item.getState()).enabled).toBe(false);
  });

  it('shows when macOS waits for the user to approve the item', async () => {
    const { app, store } = fakeApp('darwin');
    store.approved = false;
    const item = createLoginItem('darwin', { app, env: {}, execPath: '/x' });
    const result = await item.setEnabled(true);
    expect(result).toEqual({ ok: true, state: { enabled: false, detail: expect.stringContaining('Login Items'), location: null } });
  });

  it('reports an OS refusal as a value with a next step', async () => {
    const { app } = fakeApp('darwin');
    app.setLoginItemSettings.mockImplementation(() => {
      throw new Error('Operation not permitted');
    });
    const result = await createLoginItem('darwin', { app, env: {}, execPath: '/x' }).setEnabled(true);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringContaining('Operation not permitted'),
      hint: expect.stringContaining('System Settings'),
    });
  });
});

describe('login item on Windows (electron mocked)', () => {
  const execPath = 'C:\\Users\\me\\AppData\\Local\\Programs\\Portwarden\\Portwarden.exe';

  it('registers the executable with --hidden and reads back with the same path and args', async () => {
    const { app, store } = fakeApp('win32');
    const item = createLoginItem('win32', { app, env: {}, execPath });
    expect((await item.setEnabled(true)).ok).toBe(true);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, path: execPath, args: ['--hidden'] });
    expect(store.registered).toEqual({ path: execPath, args: ['--hidden'] });
    expect(app.getLoginItemSettings).toHaveBeenLastCalledWith({ path: execPath, args: ['--hidden'] });
    expect((await item.getState()).enabled).toBe(true);
  });

  it('is off when the user disabled it in Task Manager, although the Run key is there', async () => {
    const { app, store } = fakeApp('win32');
    const item = createLoginItem('win32', { app, env: {}, execPath });
    await item.setEnabled(true);
    store.disabledByUser = true;
    expect(await item.getState()).toEqual({ enabled: false, detail: expect.stringContaining('Task Manager'), location: null });
  });

  it('says so when the setting did not stick', async () => {
    const { app } = fakeApp('win32');
    app.setLoginItemSettings.mockImplementation(() => undefined);
    const result = await createLoginItem('win32', { app, env: {}, execPath }).setEnabled(true);
    expect(result).toMatchObject({ ok: false, code: 'ENOTAPPLIED' });
  });
});

describe('other platforms', () => {
  it('are reported as unsupported rather than pretending', async () => {
    const item = createLoginItem('freebsd', { app: fakeApp('darwin').app, env: {}, execPath: '/x' });
    expect(item.supported).toBe(false);
    expect(await item.setEnabled(true)).toMatchObject({ ok: false, code: 'ENOTSUP' });
  });
});
