import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLinuxAutostart } from '../../main/app/login-item/linux-autostart';
import { createPortwardenService } from '../../main/core/service';
import type { PortwardenService } from '../../main/core/service';
import type { AppPaths } from '../../main/core/paths';
import { killTracked, startServer } from '../helpers/processes';
import { ensureRendererBuilt, launchChromium, type OpenInspector, openInspector } from './harness';

// The settings tab of the real inspector page in headless Chromium, bound (like inspector.test.ts)
// to a real service through the app's own handler table: the settings schema validates, the store
// writes the file, the running watcher receives the saved settings, and launch at login writes a
// real XDG autostart entry under a temporary XDG_CONFIG_HOME.

let dir: string;
let browser: Browser;
let page: Page;
let paths: AppPaths;
let xdg: string;
let service: PortwardenService;
let inspector: OpenInspector;

beforeAll(async () => {
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pw-settings-ui-'));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  const config = mkdtempSync(join(dir, 'config-'));
  paths = { config, data: join(config, 'data'), logs: join(config, 'logs') };
  xdg = join(config, 'xdg');
  // No settings passed: the service reads the (absent) settings file, as the app does.
  service = createPortwardenService({ paths });
  await service.start();
  const loginItem = createLinuxAutostart({ env: { XDG_CONFIG_HOME: xdg }, execPath: '/opt/Portwarden/portwarden' });
  inspector = await openInspector(browser, service, { loginItem });
  page = inspector.page;
  await page.locator('#tab-settings').click();
  await page.locator('#set-watchedPorts').waitFor();
  expect(inspector.problems).toEqual([]);
});

afterEach(async () => {
  await inspector.close();
  await service.stop();
  killTracked();
});

const settingsFile = () => join(paths.config, 'settings.json');

/** Replaces a field's text the way a user would (select all, type), firing input events. */
async function typeInto(selector: string, text: string): Promise<void> {
  await page.locator(selector).fill('');
  await page.locator(selector).pressSequentially(text);
}

describe('settings form', () => {
  it('shows the current settings, with hints', async () => {
    await expect.poll(() => page.locator('#set-pollIntervalMs').inputValue()).toBe('1000');
    expect(await page.locator('#set-watchedPorts').inputValue()).toMatch(/^3000/);
    expect(await page.locator('#set-buildDirs').inputValue()).toContain('.next');
    expect(await page.locator('.settings-status').textContent()).toContain(settingsFile());
  });

  it('rejects an invalid port in place, as the user types, and will not save it', async () => {
    await typeInto('#set-watchedPorts', '3000, 70000');
    const error = page.locator('#set-watchedPorts-error');
    await expect.poll(() => error.textContent()).toBe('entry 2: a port is at most 65535');
    expect(await error.isVisible()).toBe(true);
    expect(await page.locator('#set-watchedPorts').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#settings-save').isDisabled()).toBe(true);
    if (process.env.PORTWARDEN_SCREENSHOT) await page.screenshot({ path: process.env.PORTWARDEN_SCREENSHOT, fullPage: true });
    // Other fields are not blamed.
    expect(await page.locator('#set-pollIntervalMs-error').isVisible()).toBe(false);

    await typeInto('#set-pollIntervalMs', '10');
    await expect.poll(() => page.locator('#set-pollIntervalMs-error').textContent()).toBe('must be at least 250');

    // Fixing the port clears its error; the poll interval's stays.
    await typeInto('#set-watchedPorts', '3000, 7000');
    await expect.poll(() => error.isVisible()).toBe(false);
    expect(await page.locator('#set-watchedPorts').getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#set-pollIntervalMs-error').isVisible()).toBe(true);
    expect(existsSync(settingsFile())).toBe(false);
  });

  it('saves a valid change to the settings file and the running watcher picks it up', async () => {
    const server = await startServer();
    const statusOf = (port: number) => service.current().ports.find((p) => p.port === port);
    // Before: the server's port is not one the watcher watches.
    expect(statusOf(server.port)?.watched ?? false).toBe(false);

    await typeInto('#set-watchedPorts', `${server.port}, 5173-5175`);
    await typeInto('#set-pollIntervalMs', '500');
    await typeInto('#set-probePath', '/health');
    await expect.poll(() => page.locator('.settings-status').textContent()).toBe('Unsaved changes.');
    await page.locator('#settings-save').click();
    await expect.poll(() => page.locator('.settings-status').textContent()).toContain('and applied');

    const onDisk = JSON.parse(readFileSync(settingsFile(), 'utf8'));
    expect(onDisk).toMatchObject({ watchedPorts: [server.port, '5173-5175'], pollIntervalMs: 500, probePath: '/health' });
    await expect.poll(() => statusOf(server.port)).toMatchObject({ watched: true, listener: { owner: { pid: server.pid } } });
    // Watched ports are listed even when free: the range arrived too.
    expect(service.current().ports.filter((p) => p.port >= 5173 && p.port <= 5175 && p.watched)).toHaveLength(3);
  });

  it('edits restart recipes: errors land on the recipe field, and a fixed recipe is saved with its environment', async () => {
    await page.locator('#settings-add-recipe').click();
    await typeInto('#set-recipe-0-port', '3000');
    await typeInto('#set-recipe-0-command', 'npm run dev');
    await expect.poll(() => page.locator('#set-recipe-0-cwd-error').textContent()).toBe('say which directory to start in');

    await typeInto('#set-recipe-0-cwd', '/srv/app');
    await page.locator('#set-recipe-0-env').fill('NODE_ENV=development\nnot a line');
    await page.locator('#set-recipe-0-env').press('End');
    await page.locator('#set-recipe-0-env').pressSequentially(' ');
    await expect.poll(() => page.locator('#set-recipe-0-env-error').textContent()).toContain('line 2: write NAME=value');
    expect(await page.locator('#set-recipe-0-cwd-error').isVisible()).toBe(false);
    expect(await page.locator('#settings-save').isDisabled()).toBe(true);

    await typeInto('#set-recipe-0-env', 'NODE_ENV=development');
    await typeInto('#set-recipe-0-probePath', 'health');
    await expect.poll(() => page.locator('#set-recipe-0-probePath-error').isVisible()).toBe(true);
    await typeInto('#set-recipe-0-probePath', '/api/health');
    await expect.poll(() => page.locator('#settings-save').isDisabled()).toBe(false);
    await page.locator('#settings-save').click();
    await expect.poll(() => page.locator('.settings-status').textContent()).toContain('and applied');
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8')).recipes).toEqual({
      '3000': { command: 'npm run dev', cwd: '/srv/app', env: { NODE_ENV: 'development' }, probePath: '/api/health' },
    });
    // After the save the form shows what the file now holds.
    expect(await page.locator('#set-recipe-0-env').inputValue()).toBe('NODE_ENV=development');
  });

  it('turns launch at login on and off, showing what is on disk', async () => {
    const entry = join(xdg, 'autostart', 'portwarden.desktop');
    const box = page.locator('#login-enabled');
    await expect.poll(() => box.isEnabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);

    await box.check();
    await expect.poll(() => page.locator('#login-detail').textContent()).toBe(`Portwarden starts at login (${entry}).`);
    expect(readFileSync(entry, 'utf8')).toContain('Exec=/opt/Portwarden/portwarden --hidden');

    await box.uncheck();
    await expect.poll(() => page.locator('#login-detail').textContent()).toBe('Portwarden does not start at login.');
    expect(existsSync(entry)).toBe(false);
  });

  it('shows the whole default watch list, and a field reached with Tab is not hidden under the Save bar', async () => {
    const watched = page.locator('#set-watchedPorts');
    await expect.poll(() => watched.inputValue()).toMatch(/^3000/);
    expect(await watched.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);

    // Tab through the whole form, as a keyboard user does: each control that takes focus is
    // scrolled into view above the sticky Save bar, not underneath it.
    await page.locator('#settings-add-recipe').click();
    await page.locator('#set-login-enabled, #login-enabled').first().focus();
    const hidden: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      const covered = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const bar = document.querySelector('.settings-actions')!;
        if (bar.contains(el) || !el.closest('.settings')) return null;
        return el.getBoundingClientRect().bottom > bar.getBoundingClientRect().top + 0.5 ? el.id || el.textContent : null;
      });
      if (covered) hidden.push(covered);
    }
    expect(hidden).toEqual([]);
  });

  it('refuses two recipes for one port', async () => {
    for (const i of [0, 1]) {
      await page.locator('#settings-add-recipe').click();
      await typeInto(`#set-recipe-${i}-port`, '8080');
      await typeInto(`#set-recipe-${i}-command`, 'make serve');
      await typeInto(`#set-recipe-${i}-cwd`, '/srv');
    }
    await expect.poll(() => page.locator('#set-recipe-1-port-error').textContent()).toBe('another recipe already starts port 8080');
    expect(await page.locator('#settings-save').isDisabled()).toBe(true);
  });
});
