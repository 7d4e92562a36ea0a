import type { App } from 'electron';
import { HIDDEN_ARG, type LoginItem, type LoginItemResult, type LoginItemState } from './login-item';

/** The slice of electron's `app` used here, so tests hand in a fake instead of loading Electron. */
export type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface ElectronLoginItemDeps {
  app: LoginItemApp;
  platform: 'darwin' | 'win32';
  /** process.execPath; Windows compares the registered Run key against path + args. */
  execPath: string;
  appArgs?: readonly string[];
}

/** macOS and Windows keep login items themselves; we set them and read the OS's answer back. */
export function createElectronLoginItem(deps: ElectronLoginItemDeps): LoginItem {
  const { app, platform, execPath } = deps;
  // Windows matches the Run entry on (path, args): the same pair must go to set and get.
  const windowsKey = { path: execPath, args: [...(deps.appArgs ?? []), HIDDEN_ARG] };

  async function getState(): Promise<LoginItemState> {
    if (platform === 'win32') {
      const s = app.getLoginItemSettings(windowsKey);
      // openAtLogin stays true when the user switches the entry off in Task Manager; this does not.
      const enabled = s.openAtLogin && s.executableWillLaunchAtLogin !== false;
      const detail = s.openAtLogin && !enabled ? 'switched off in Task Manager › Startup apps' : null;
      return { enabled, detail, location: null };
    }
    const s = app.getLoginItemSettings();
    if (s.status === 'requires-approval') {
      return { enabled: false, detail: 'waiting for your approval in System Settings › General › Login Items', location: null };
    }
    return { enabled: s.openAtLogin, detail: null, location: null };
  }

  async function setEnabled(enabled: boolean): Promise<LoginItemResult> {
    try {
      if (platform === 'win32') app.setLoginItemSettings({ openAtLogin: enabled, ...windowsKey });
      // openAsHidden only works before macOS 13; LSUIElement keeps the app windowless either way.
      else app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true });
    } catch (err) {
      return {
        ok: false,
        code: 'ELOGINITEM',
        message: `The system refused to ${enabled ? 'add' : 'remove'} the login item: ${(err as Error).message}`,
        hint:
          platform === 'darwin'
            ? 'open System Settings › General › Login Items and change it there'
            : 'open Task Manager › Startup apps and change it there',
      };
    }
    const state = await getState();
    if (state.enabled !== enabled && !state.detail) {
      return {
        ok: false,
        code: 'ENOTAPPLIED',
        message: `The system did not ${enabled ? 'add' : 'remove'} the login item: it still reads ${state.enabled ? 'on' : 'off'}`,
        hint: platform === 'darwin' ? 'check System Settings › General › Login Items' : 'check Task Manager › Startup apps',
      };
    }
    return { ok: true, state };
  }

  return { supported: true, getState, setEnabled };
}
