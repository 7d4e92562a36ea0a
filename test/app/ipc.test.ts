import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/electron-mock'));

import { ipcMain, MockWebContents, resetElectronMock } from '../helpers/electron-mock';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../preload/contract';
import { createInvokeDispatch } from '../../main/app/ipc-dispatch';
import { type AppControls, createIpcHandlers } from '../../main/app/ipc-handlers';
import { createSend, registerIpc } from '../../main/app/ipc';
import { rendererUrl } from '../../main/app/security';
import type { LoginItem } from '../../main/app/login-item/login-item';
import { fakeService } from './fake-service';
import { held, proc, snapshot } from './snapshot-fixtures';

const PAGE = rendererUrl('/app/dist/renderer/index.html');
const owner = proc({ pid: 4242, startTime: 1_700_000_000_000 });

function setup() {
  const service = fakeService(snapshot([held(3000, owner)]));
  const loginItem: LoginItem = {
    supported: true,
    getState: vi.fn(async () => ({ enabled: false, detail: null, location: '/home/dev/.config/autostart/portwarden.desktop' })),
    setEnabled: vi.fn(async (enabled: boolean) => ({ ok: true as const, state: { enabled, detail: null, location: null } })),
  };
  const controls: AppControls = { loginItem, openExternal: vi.fn(async () => {}) };
  const log = vi.fn();
  registerIpc(ipcMain as never, createInvokeDispatch(createIpcHandlers(service, controls), PAGE, log));
  return { service, controls, log };
}

describe('IPC handlers', () => {
  beforeEach(() => resetElectronMock());

  it('registers every contract channel, each once', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('answers our page and refuses any other sender before the handler runs', async () => {
    const { service, log } = setup();
    const identity = { pid: 4242, startTime: 1_700_000_000_000 };
    await expect(ipcMain.invoke(INVOKE_CHANNELS.kill, PAGE, { port: 3000, identity })).resolves.toMatchObject({ ok: true });
    for (const frame of ['https://evil.example/', 'file:///tmp/other.html', null]) {
      await expect(ipcMain.invoke(INVOKE_CHANNELS.kill, frame, { port: 3000, identity })).resolves.toMatchObject({
        ok: false,
        code: 'UNTRUSTED_SENDER',
      });
    }
    expect(service.kill).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused ports:kill'));
  });

  it.each([
    ['a PID as a string', { port: 3000, identity: { pid: '4242', startTime: 1 } }, 'identity.pid'],
    ['no start time (a bare PID)', { port: 3000, identity: { pid: 4242 } }, 'identity.startTime'],
    ['port 0', { port: 0, identity: { pid: 4242, startTime: 1 } }, 'port'],
    ['an unknown key', { port: 3000, identity: { pid: 4242, startTime: 1 }, signal: 'SIGKILL' }, 'signal'],
    ['nothing', undefined, 'request'],
  ])('refuses a kill request with %s, naming the field', async (_what, request, field) => {
    const { service } = setup();
    const result = await ipcMain.invoke(INVOKE_CHANNELS.kill, PAGE, request);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((result as { message: string }).message).toContain(field);
    expect(service.kill).not.toHaveBeenCalled();
  });

  it('refuses arguments for verbs that take none', async () => {
    setup();
    await expect(ipcMain.invoke(INVOKE_CHANNELS.listPorts, PAGE, { all: true })).resolves.toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    await expect(ipcMain.invoke(INVOKE_CHANNELS.listPorts, PAGE)).resolves.toMatchObject({ ok: true, value: { self: { uid: 1000 } } });
  });

  it("returns the service's refusal of a stale identity as a value", async () => {
    setup();
    const kill = await ipcMain.invoke(INVOKE_CHANNELS.kill, PAGE, { port: 3000, identity: { pid: 4242, startTime: 5 } });
    expect(kill).toMatchObject({ ok: false, code: 'NOT_IN_SNAPSHOT' });
  });

  it('turns a thrown error into an error value with a hint', async () => {
    const { service } = setup();
    service.inspect.mockRejectedValueOnce(new Error('EACCES reading /proc/1/environ'));
    const result = await ipcMain.invoke(INVOKE_CHANNELS.inspect, PAGE, { port: 3000 });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL', message: 'ports:inspect failed: EACCES reading /proc/1/environ' });
    expect((result as { hint: string }).hint).not.toBe('');
  });

  it('opens only loopback http(s) URLs', async () => {
    const { controls } = setup();
    await expect(ipcMain.invoke(INVOKE_CHANNELS.openExternal, PAGE, { url: 'http://localhost:3000/' })).resolves.toEqual({
      ok: true,
      value: null,
    });
    await expect(ipcMain.invoke(INVOKE_CHANNELS.openExternal, PAGE, { url: 'https://evil.example/' })).resolves.toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
    expect(controls.openExternal).toHaveBeenCalledExactlyOnceWith('http://localhost:3000/');
    // What was checked is what opens: the parsed form, not the raw text.
    await ipcMain.invoke(INVOKE_CHANNELS.openExternal, PAGE, { url: 'HTTP://LocalHost:3000\\@evil.example' });
    expect(controls.openExternal).toHaveBeenLastCalledWith('http://localhost:3000/@evil.example');
  });

  it('reads and sets launch at login through the login item', async () => {
    const { controls } = setup();
    await expect(ipcMain.invoke(INVOKE_CHANNELS.getLoginItem, PAGE)).resolves.toMatchObject({
      ok: true,
      value: { supported: true, enabled: false },
    });
    await expect(ipcMain.invoke(INVOKE_CHANNELS.setLoginItem, PAGE, { enabled: true })).resolves.toMatchObject({
      ok: true,
      value: { enabled: true },
    });
    expect(controls.loginItem.setEnabled).toHaveBeenCalledWith(true);
  });

  it('validates settings through the service and reports the issues as data', async () => {
    setup();
    const result = await ipcMain.invoke(INVOKE_CHANNELS.validateSettings, PAGE, { settings: { pollIntervalMs: 5 } });
    expect(result).toEqual({ ok: true, value: { valid: false, issues: [{ path: 'pollIntervalMs', message: 'must be at least 250' }] } });
  });
});

describe('createSend', () => {
  it('pushes on the contract channel and drops messages to a destroyed window', () => {
    const contents = new MockWebContents();
    const send = createSend(() => contents as never);
    send('onShow', { view: 'settings' });
    contents.destroyed = true;
    expect(() => send('onShow', { view: 'settings' })).not.toThrow();
    expect(contents.sent).toEqual([{ channel: EVENT_CHANNELS.onShow, payload: { view: 'settings' } }]);
    expect(() => createSend(() => null)('onShow', { view: 'settings' })).not.toThrow();
  });
});
