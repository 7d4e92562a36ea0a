import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../preload/contract';
import type { E2eGlobals } from '../../main/app/e2e-hooks';
import { answeringPid, type E2eWorld, prepareWorld } from './e2e-setup';

// The real app in the real Electron: main process, sandboxed preload, inspector. Runs only where
// the Electron binary exists; where it was skipped at install (ELECTRON_SKIP_BINARY_DOWNLOAD=1)
// this file says so and verifies nothing, and nothing Electron-only may be claimed verified.

const ROOT = join(__dirname, '..', '..');

function electronBinary(): string | null {
  try {
    // The electron package exports the binary's path, and throws when the download was skipped.
    const path: unknown = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(
    'SKIP e2e: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); the app was not launched and no Electron-only behaviour was verified here.',
  );
}

describe.skipIf(!binary)('the app in Electron', () => {
  let app: ElectronApplication | null = null;
  let world: E2eWorld | null = null;

  afterAll(async () => {
    await app?.close();
    world?.dispose();
  });

  /** The tray's real menu, read in the main process: each port row's label with its submenu's labels. */
  const trayRows = () =>
    app!.evaluate(() =>
      ((globalThis as E2eGlobals).__portwardenTrayMenu?.items ?? []).map((item) => ({
        label: item.label,
        submenu: item.submenu?.items.map((s) => s.label) ?? [],
      })),
    );
  const trayRowOf = async (port: number) => (await trayRows()).find((row) => row.label.startsWith(`${port} `));

  it('builds the tray menu, lists a real server in the inspector with only the preload bridge, and Kill & Restart gives the port a verified new owner', async () => {
    world = await prepareWorld();
    const { port, server } = world;
    app = await _electron.launch({
      executablePath: binary!,
      // Root in a container has no setuid sandbox helper; the renderer's own sandbox flag still applies.
      args: process.getuid?.() === 0 ? ['--no-sandbox', ROOT] : [ROOT],
      env: world.env,
      cwd: ROOT,
    });

    // The tray: the watched port's row names its owner and offers the configured recipe.
    await expect.poll(async () => (await trayRowOf(port))?.label ?? '', { timeout: 10_000 }).toContain(`PID ${server.pid}`);
    const trayRow = (await trayRowOf(port))!;
    expect(trayRow.submenu).toContain(`Copy PID ${server.pid}`);
    expect(trayRow.submenu.some((label) => label.startsWith('Kill & Restart: ') && label.endsWith('(settings)'))).toBe(true);
    expect((await trayRows()).map((row) => row.label)).toContain('Quit Portwarden');

    const page = await app.firstWindow();
    await page.waitForSelector('#port-list');

    // The page has domain verbs and nothing else: no Node, no ipcRenderer.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys(window.portwarden).sort())).toEqual(
      [...Object.keys(INVOKE_CHANNELS), ...Object.keys(EVENT_CHANNELS)].sort(),
    );
    // Navigation is denied. The target is a closed loopback port, so an allowed navigation would
    // commit (to Chromium's error page) at once; half a second is ample to see that it did not.
    await page.evaluate(() => window.location.assign('http://127.0.0.1:1/'));
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^file:.*index\.html/);
    expect(await page.locator('#port-list').count()).toBe(1);

    // The inspector lists the server; Kill & Restart from its details, as a user would.
    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(`PID ${server.pid}`);
    await row.click();
    await page.getByRole('button', { name: 'Kill & Restart' }).click();
    const outcome = page.locator('.outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toMatch(/^✓ Restart verified/);

    // Verified means: a different process owns the port, and it is the one answering.
    const newPid = await answeringPid(port);
    expect(newPid).not.toBe(server.pid);
    expect(await outcome.textContent()).toContain(`PID ${server.pid} → ${newPid}`);
    await expect.poll(() => row.textContent()).toContain(`PID ${newPid}`);
    await expect.poll(async () => (await trayRowOf(port))?.label ?? '').toContain(`PID ${newPid}`);

    // Quitting stops the watcher only: the restarted server is still there.
    await app.close();
    app = null;
    expect(await answeringPid(port)).toBe(newPid);
  });
});
