import type { Menu } from 'electron';

/**
 * Set only by test/e2e. Electron has no getter for a tray's context menu, so under this variable
 * the last menu built for the tray is kept on globalThis, where the e2e test reads it from the
 * main process (electronApp.evaluate). It exposes nothing to the renderer and no action.
 */
export const E2E_HOOKS_ENV = 'PORTWARDEN_E2E_HOOKS';

export interface E2eGlobals {
  __portwardenTrayMenu?: Menu;
}

type MenuBuilder = Pick<typeof Menu, 'buildFromTemplate'>;

export function trayMenuBuilder(menu: MenuBuilder, env: NodeJS.ProcessEnv): MenuBuilder {
  if (env[E2E_HOOKS_ENV] !== '1') return menu;
  return {
    buildFromTemplate(template) {
      const built = menu.buildFromTemplate(template);
      (globalThis as E2eGlobals).__portwardenTrayMenu = built;
      return built;
    },
  };
}
