import { createElectronLoginItem, type LoginItemApp } from './electron-login-item';
import { createLinuxAutostart } from './linux-autostart';
import type { LoginItem } from './login-item';

export type { LoginItem, LoginItemResult, LoginItemState } from './login-item';
export { HIDDEN_ARG } from './login-item';

export interface LoginItemDeps {
  /** electron's `app` (only macOS and Windows use it). */
  app: LoginItemApp;
  env: NodeJS.ProcessEnv;
  execPath: string;
  home?: string;
  /** When unpackaged (`electron .`), the app folder must follow the Electron binary on the command line. */
  appArgs?: readonly string[];
}

/** The one entry point for the tray and IPC glue: `createLoginItem(process.platform, { app, env: process.env, execPath: process.execPath })`. */
export function createLoginItem(platform: NodeJS.Platform, deps: LoginItemDeps): LoginItem {
  if (platform === 'darwin' || platform === 'win32')
    return createElectronLoginItem({ app: deps.app, platform, execPath: deps.execPath, appArgs: deps.appArgs });
  if (platform === 'linux') return createLinuxAutostart(deps);
  return unsupported(platform);
}

function unsupported(platform: string): LoginItem {
  const state = { enabled: false, detail: `launch at login is not supported on ${platform}`, location: null };
  return {
    supported: false,
    getState: async () => state,
    setEnabled: async () => ({
      ok: false,
      code: 'ENOTSUP',
      message: `Launch at login is not supported on ${platform}`,
      hint: 'start Portwarden from your session startup script instead',
    }),
  };
}
