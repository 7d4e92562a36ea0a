import type { InvokeRequest, InvokeResponse, InvokeVerb, LoginItemState } from '../../preload/contract';
import type { LoginItem } from './login-item/login-item';
import { fail, ok } from '../core/service';
import type { PortwardenService, Result } from '../core/service';
import { isAllowedExternalUrl } from './security';

// The handler table behind every invoke channel. No electron import: the glue (ipc.ts) registers
// it with ipcMain, and the renderer tests bind the very same table to a real Chromium page.

export interface AppControls {
  loginItem: LoginItem;
  /** shell.openExternal in the app; only ever called with an allowed URL. */
  openExternal(url: string): Promise<void>;
}

export type InvokeHandlers = {
  [V in InvokeVerb]: (request: InvokeRequest<V>) => Promise<Result<InvokeResponse<V>>>;
};

export function createIpcHandlers(service: PortwardenService, controls: AppControls): InvokeHandlers {
  return {
    listPorts: async () => ok({ snapshot: service.current(), self: service.self() }),
    inspect: ({ port }) => service.inspect(port),
    kill: (request) => service.kill(request),
    restart: (request) => service.restart(request),
    start: (request) => service.startPort(request),
    setPaused: async ({ paused }) => {
      service.setPaused(paused);
      return ok({ paused });
    },
    getSettings: () => service.getSettings(),
    validateSettings: async ({ settings }) => ok(service.validateSettings(settings)),
    saveSettings: ({ settings }) => service.saveSettings(settings),
    getLoginItem: async () => ok(await readLoginItem(controls.loginItem)),
    setLoginItem: async ({ enabled }) => {
      const result = await controls.loginItem.setEnabled(enabled);
      if (!result.ok) return fail('LOGIN_ITEM', result.message, result.hint);
      return ok({ supported: controls.loginItem.supported, ...result.state });
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url)) {
        return fail(
          'NOT_ALLOWED',
          `Portwarden opens only local dev servers, not ${JSON.stringify(url.slice(0, 200))}`,
          'Use an http(s) URL on localhost, 127.0.0.1 or [::1].',
        );
      }
      // The URL as we parsed and checked it, not the raw text: the OS handler must not read the
      // string differently from the check (a backslash, a tab, an odd case in the scheme).
      await controls.openExternal(new URL(url).href);
      return ok(null);
    },
  };
}

export async function readLoginItem(loginItem: LoginItem): Promise<LoginItemState> {
  return { supported: loginItem.supported, ...(await loginItem.getState()) };
}
