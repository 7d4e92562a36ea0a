import { describe, expect, it, vi } from 'vitest';
import { createTrayActions, type TrayActionDeps } from '../../main/app/tray-actions';
import { fail } from '../../main/core/service';
import { fakeService } from './fake-service';
import { held, proc, snapshot } from './snapshot-fixtures';

const mine = proc({ pid: 4242, uid: 1000, user: 'dev' });
const theirs = proc({ pid: 5151, uid: 0, user: 'root', name: 'nginx' });

function setup(confirmAnswer = true) {
  const service = fakeService(snapshot([held(3000, mine), held(8080, theirs)]), 1000);
  const deps: TrayActionDeps = {
    service,
    showInspector: vi.fn(),
    openExternal: vi.fn(async () => {}),
    copyText: vi.fn(),
    confirm: vi.fn(async () => confirmAnswer),
    toggleLoginItem: vi.fn(async () => fail('LOGIN_ITEM', 'The system refused to add the login item', 'open System Settings')),
    quit: vi.fn(),
    notify: vi.fn(),
  };
  return { service, deps, dispatch: createTrayActions(deps) };
}

describe('tray actions', () => {
  it("kills the user's own process without asking", async () => {
    const { service, deps, dispatch } = setup();
    await dispatch({ id: 'kill', port: 3000, identity: { pid: 4242, startTime: mine.startTime } });
    expect(deps.confirm).not.toHaveBeenCalled();
    expect(service.kill).toHaveBeenCalledWith({ port: 3000, identity: { pid: 4242, startTime: mine.startTime }, confirmed: false });
  });

  it("asks before acting on another user's process, and does nothing on cancel", async () => {
    const cancelled = setup(false);
    await cancelled.dispatch({ id: 'restart', port: 8080, identity: { pid: 5151, startTime: theirs.startTime } });
    expect(cancelled.deps.confirm).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Kill & Restart nginx (PID 5151)?', button: 'Kill & Restart' }),
    );
    expect(cancelled.service.restart).not.toHaveBeenCalled();

    const confirmed = setup(true);
    await confirmed.dispatch({ id: 'restart', port: 8080, identity: { pid: 5151, startTime: theirs.startTime } });
    expect(confirmed.service.restart).toHaveBeenCalledWith({
      port: 8080,
      identity: { pid: 5151, startTime: theirs.startTime },
      confirmed: true,
    });
  });

  it('reports a refusal in a notification, since a tray click has no page to show it in', async () => {
    const { deps, dispatch } = setup();
    await dispatch({ id: 'kill', port: 3000, identity: { pid: 4242, startTime: 1 } });
    expect(deps.notify).toHaveBeenCalledWith({ port: 3000, title: 'Could not kill port 3000', body: 'gone refresh' });
    await dispatch({ id: 'toggle-login' });
    expect(deps.notify).toHaveBeenLastCalledWith({
      port: null,
      title: 'Could not change launch at login',
      body: 'The system refused to add the login item open System Settings',
    });
  });

  it('routes the other ids', async () => {
    const { service, deps, dispatch } = setup();
    await dispatch({ id: 'open-browser', port: 3000 });
    await dispatch({ id: 'copy-pid', pid: 4242 });
    await dispatch({ id: 'inspect', port: 3000 });
    await dispatch({ id: 'open-inspector' });
    await dispatch({ id: 'settings' });
    await dispatch({ id: 'toggle-pause' });
    await dispatch({ id: 'start', port: 5173 });
    await dispatch({ id: 'quit' });
    expect(deps.openExternal).toHaveBeenCalledWith('http://localhost:3000');
    expect(deps.copyText).toHaveBeenCalledWith('4242');
    expect(vi.mocked(deps.showInspector).mock.calls).toEqual([
      [{ view: 'ports', port: 3000 }],
      [{ view: 'ports', port: null }],
      [{ view: 'settings' }],
    ]);
    expect(service.setPaused).toHaveBeenCalledWith(true);
    expect(service.startPort).toHaveBeenCalledWith({ port: 5173 });
    expect(deps.quit).toHaveBeenCalledOnce();
  });
});
