import { afterAll, describe, expect, it } from 'vitest';
import { E2E_HOOKS_ENV, type E2eGlobals, trayMenuBuilder } from '../../main/app/e2e-hooks';
import { appPaths } from '../../main/core/paths';
import { createPortwardenService } from '../../main/core/service/create-service';
import { loadSettings } from '../../main/core/settings/store';
import { type E2eWorld, answeringPid, prepareWorld } from './e2e-setup';

// Runs everywhere, with or without the Electron binary: what app.e2e.test.ts arranges is what the
// app will read, and the restart it asks the inspector for works through the same use-case.

describe('the e2e arrangement', () => {
  let world: E2eWorld | null = null;
  afterAll(() => world?.dispose());

  it('is read by the app as settings that watch the server, and Kill & Restart replaces the server', async () => {
    world = await prepareWorld();
    const { port, server, env } = world;
    expect(env.PORTWARDEN_HOME).toBe(world.home);
    expect(env[E2E_HOOKS_ENV]).toBe('1');

    const loaded = loadSettings({ env });
    expect(loaded.warning).toBeUndefined();
    expect(loaded.settings.watchedPorts).toEqual([port]);
    expect(Object.keys(loaded.settings.recipes)).toEqual([String(port)]);
    expect(await answeringPid(port)).toBe(server.pid);

    // The app builds its service the same way, from PORTWARDEN_HOME (createPortwardenService({ log })).
    const service = createPortwardenService({ paths: appPaths(env), log: () => {} });
    try {
      await service.start();
      const owner = service.current().ports.find((p) => p.port === port)?.listener?.owner;
      expect(owner?.pid).toBe(server.pid);
      expect(service.knownRecipes().get(port)?.source).toBe('settings');

      const result = await service.restart({ port, identity: { pid: owner!.pid, startTime: owner!.startTime } });
      expect(result.ok && result.value.verified).toBe(true);
      const answering = await answeringPid(port);
      expect(answering).not.toBe(server.pid);
      expect(result.ok && result.value.new?.pid).toBe(answering);
    } finally {
      await service.stop();
    }
  });
});

describe('the tray-menu hook', () => {
  const template = [{ label: 'Quit Portwarden' }];
  const fakeMenu = { buildFromTemplate: (t: typeof template) => ({ items: t }) } as unknown as Parameters<typeof trayMenuBuilder>[0];

  it('is the plain Menu unless the e2e variable is set', () => {
    expect(trayMenuBuilder(fakeMenu, {})).toBe(fakeMenu);
    expect(trayMenuBuilder(fakeMenu, { [E2E_HOOKS_ENV]: 'yes' })).toBe(fakeMenu);
  });

  it('keeps the last menu built for the tray where the main process can read it', () => {
    const g = globalThis as E2eGlobals;
    try {
      const built = trayMenuBuilder(fakeMenu, { [E2E_HOOKS_ENV]: '1' }).buildFromTemplate(template);
      expect(g.__portwardenTrayMenu).toBe(built);
      expect(built.items.map((i) => i.label)).toEqual(['Quit Portwarden']);
    } finally {
      delete g.__portwardenTrayMenu;
    }
  });
});
