import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createScanner } from '../../main/core/scan';
import { loadSettings, saveSettings, type StoreOptions } from '../../main/core/settings/store';
import { validateSettings } from '../../main/core/settings/validate';
import { createWatcher, type Watcher } from '../../main/core/watcher';
import { INVOKE_CHANNELS } from '../../preload/contract';
import { killTracked, startServer } from '../helpers/processes';

// The settings form in real headless Chromium. The page talks to window.portwarden built by the
// contract's own createBridgeApi; its transport is a Playwright binding into this process, where
// the real core answers: the settings schema validates, the store writes the file, and a real
// watcher receives the saved settings.

const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.PORTWARDEN_CHROMIUM ?? '/usr/bin/chromium';

let dir: string;
let browser: Browser;
let page: Page;
let store: StoreOptions;
let watcher: Watcher;

/** The main side of the three settings verbs, as the app wires them: store + schema + watcher. */
function answer(channel: string, request: { settings?: unknown } | undefined): unknown {
  const ok = <T>(value: T) => ({ ok: true, value });
  switch (channel) {
    case INVOKE_CHANNELS.getSettings: {
      const loaded = loadSettings(store);
      return ok({ settings: loaded.settings, path: loaded.path, problem: loaded.warning ?? null });
    }
    case INVOKE_CHANNELS.validateSettings: {
      const check = validateSettings(request?.settings);
      return ok(check.ok ? { valid: true, settings: check.settings } : { valid: false, issues: check.errors.map(splitIssue) });
    }
    case INVOKE_CHANNELS.saveSettings: {
      const check = validateSettings(request?.settings);
      if (!check.ok) return { ok: false, code: 'INVALID_SETTINGS', message: check.errors.join('; '), hint: 'Fix the fields marked in red.' };
      const path = saveSettings(check.settings, store);
      watcher.updateSettings(check.settings);
      return ok({ settings: check.settings, path, problem: null });
    }
    default:
      throw new Error(`the settings form must not call ${channel}`);
  }
}

/** "watchedPorts[1]: a port is at most 65535" → { path, message } */
function splitIssue(line: string): { path: string; message: string } {
  const at = line.indexOf(': ');
  return { path: line.slice(0, at), message: line.slice(at + 2) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-settings-ui-'));
  await build({
    stdin: {
      contents: `
        import { createBridgeApi } from './preload/contract';
        import { mountSettingsForm } from './renderer/settings-form';
        const api = createBridgeApi({
          invoke: (channel, request) => window.__pwInvoke(channel, request ?? null),
          subscribe: () => () => {},
        });
        mountSettingsForm(document.getElementById('settings-root'), api);`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    outfile: join(dir, 'page.js'),
    logLevel: 'error',
  });
  copyFileSync(join(root, 'renderer', 'styles.css'), join(dir, 'styles.css'));
  // The inspector's own CSP: the form must work under it (no inline script, no eval).
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(root, 'renderer', 'index.html'), 'utf8'))![1];
  writeFileSync(
    join(dir, 'page.html'),
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
     <link rel="stylesheet" href="styles.css"><script src="page.js" defer></script></head>
     <body><section class="settings"><div id="settings-root"></div></section></body></html>`,
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  const config = mkdtempSync(join(dir, 'config-'));
  store = { paths: { config, data: join(config, 'data'), logs: join(config, 'logs') } };
  watcher = createWatcher({ scanner: createScanner(), settings: loadSettings(store).settings });
  page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Chromium notes that frame-ancestors means nothing in a meta CSP (the header carries it); not ours.
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('delivered via a <meta> element') && pageErrors.push(m.text()));
  await page.exposeFunction('__pwInvoke', (channel: string, request: { settings?: unknown } | null) => answer(channel, request ?? undefined));
  await page.goto(pathToFileURL(join(dir, 'page.html')).href);
  await page.locator('#set-watchedPorts').waitFor();
  expect(pageErrors).toEqual([]);
});

afterEach(async () => {
  watcher.stop();
  await page.close();
  killTracked();
});

const settingsFile = () => join(store.paths!.config, 'settings.json');

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
    // Before: the server's port is not one the watcher watches.
    expect((await watcher.tick()).ports.find((p) => p.port === server.port)?.watched ?? false).toBe(false);

    await typeInto('#set-watchedPorts', `${server.port}, 5173-5175`);
    await typeInto('#set-pollIntervalMs', '500');
    await typeInto('#set-probePath', '/health');
    await expect.poll(() => page.locator('.settings-status').textContent()).toBe('Unsaved changes.');
    await page.locator('#settings-save').click();
    await expect.poll(() => page.locator('.settings-status').textContent()).toContain('and applied');

    const onDisk = JSON.parse(readFileSync(settingsFile(), 'utf8'));
    expect(onDisk).toMatchObject({ watchedPorts: [server.port, '5173-5175'], pollIntervalMs: 500, probePath: '/health' });
    const status = (await watcher.tick()).ports.find((p) => p.port === server.port);
    expect(status).toMatchObject({ watched: true, listener: { owner: { pid: server.pid } } });
    // Watched ports are listed even when free: the range arrived too.
    expect((watcher.snapshot?.ports ?? []).filter((p) => p.port >= 5173 && p.port <= 5175 && p.watched)).toHaveLength(3);
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
