import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../preload/contract';
import { freePort, killTracked, startServer } from '../helpers/processes';

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
  console.log('SKIP e2e: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); the app was not launched and no Electron-only behaviour was verified here.');
}

describe.skipIf(!binary)('the app in Electron', () => {
  let app: ElectronApplication | null = null;
  const home = mkdtempSync(join(tmpdir(), 'portwarden-e2e-'));

  afterAll(async () => {
    await app?.close();
    killTracked();
    rmSync(home, { recursive: true, force: true });
  });

  it('starts with the tray, opens the inspector with the preload bridge only, and lists a real server', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    app = await _electron.launch({
      executablePath: binary!,
      // Root in a container has no setuid sandbox helper; the renderer's own sandbox flag still applies.
      args: process.getuid?.() === 0 ? ['--no-sandbox', ROOT] : [ROOT],
      env: { ...process.env, PORTWARDEN_HOME: home },
      cwd: ROOT,
    });
    const page = await app.firstWindow();
    await page.waitForSelector('#port-list');

    // The page has domain verbs and nothing else: no Node, no ipcRenderer.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys(window.portwarden).sort())).toEqual([...Object.keys(INVOKE_CHANNELS), ...Object.keys(EVENT_CHANNELS)].sort());
    // Navigation is denied. The target is a closed loopback port, so an allowed navigation would
    // commit (to Chromium's error page) at once; half a second is ample to see that it did not.
    await page.evaluate(() => window.location.assign('http://127.0.0.1:1/'));
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^file:.*index\.html/);
    expect(await page.locator('#port-list').count()).toBe(1);

    await page.locator('[data-scope="all"]').click();
    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(`PID ${server.pid}`);

    // Quitting stops the watcher only: the server is still there.
    await app.close();
    app = null;
    expect(process.kill(server.pid, 0)).toBe(true);
  });
});
