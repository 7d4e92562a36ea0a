import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PortwardenService } from '../../main/core/service';
import type { Settings } from '../../main/core/settings/schema';
import {
  firstJsonLine,
  freePort,
  killTracked,
  SERVER_SCRIPT,
  spawnTracked,
  startOrphanedServer,
  startServer,
  track,
  waitFor,
} from '../helpers/processes';
import { startWatchingService } from '../helpers/watching-service';
import { ensureRendererBuilt, launchChromium, type OpenInspector, openInspector, screenshotPath } from './harness';

// The inspector in real headless Chromium against the real core: real servers on real ports,
// the real watcher, kill and verified restart. Only the IPC transport is Playwright's.

let browser: Browser;
let home: string;
const services: PortwardenService[] = [];
const pages: OpenInspector[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  browser = await launchChromium();
  home = mkdtempSync(join(tmpdir(), 'portwarden-inspector-'));
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  for (const s of services.splice(0)) await s.stop();
  killTracked();
});

afterAll(async () => {
  await browser?.close();
  killTracked();
  rmSync(home, { recursive: true, force: true });
});

async function serviceWatching(ports: number[], over: Partial<Settings> = {}): Promise<PortwardenService> {
  const service = await startWatchingService(home, ports, { probeIntervalMs: 1000, ...over });
  services.push(service);
  return service;
}

async function open(service: PortwardenService): Promise<OpenInspector> {
  const inspector = await openInspector(browser, service);
  pages.push(inspector);
  return inspector;
}

describe('inspector (real Chromium, real core)', () => {
  it('lists a real server with its PID, restarts it with Kill & Restart, and shows the new PID and the timeline', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    const service = await serviceWatching([port]);
    const { page, problems } = await open(service);

    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.textContent()).toContain(`PID ${server.pid}`);
    await row.click();
    await expect.poll(() => page.locator('#details-title').textContent()).toBe(`Port ${port} · portwarden · node server.cjs`);
    // The recipe was observed from the running server: argv and cwd.
    await expect.poll(() => page.locator('.actions .recipe').textContent()).toContain('(observed)');

    await page.getByRole('button', { name: 'Kill & Restart' }).click();
    const outcome = page.locator('.outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toMatch(/^✓ Restart verified/);

    const owner = service.current().ports.find((p) => p.port === port)?.listener?.owner;
    expect(owner).toBeTruthy();
    track(owner!.pid); // started by Portwarden, detached: ours to clean up
    expect(owner!.pid).not.toBe(server.pid);
    expect(await outcome.textContent()).toContain(`PID ${server.pid} → ${owner!.pid}`);
    await expect.poll(() => row.textContent()).toContain(`PID ${owner!.pid}`);

    const steps = await page.locator('.timeline .step').allTextContents();
    expect(steps[0]).toBe('recipe');
    expect(steps).toContain('spawn');
    expect(steps.at(-1)).toBe('verified');
    // The history of owner changes names both owners.
    await expect.poll(() => page.locator('.history').textContent()).toContain(`PID ${owner!.pid}`);
    await page.locator('.action').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('inspector-restart.png') });
    expect(problems).toEqual([]);
  });

  it("shows an orphaned server's verdict and its explanation", async () => {
    const port = await freePort();
    const orphan = await startOrphanedServer({ port });
    const service = await serviceWatching([port]);
    const { page, problems } = await open(service);

    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.locator('.badge').allTextContents(), { timeout: 15_000 }).toContain('orphaned');
    await row.click();
    const verdict = service
      .current()
      .ports.find((p) => p.port === port)!
      .verdicts.find((v) => v.kind === 'orphaned')!;
    expect(verdict.explanation).not.toBe('');
    await expect.poll(() => page.locator('.verdict .explanation').allTextContents()).toContain(verdict.explanation);
    expect(await page.locator('.process').textContent()).toContain(String(orphan.pid));

    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: screenshotPath('inspector-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('.verdict summary').first().click(); // the evidence, opened
    await page.screenshot({ path: screenshotPath('inspector-dark.png') });
    expect(problems).toEqual([]);
  });

  it('is usable from the keyboard: arrows move through the list, Enter opens the details', async () => {
    const ports = [await freePort(), await freePort()].sort((a, b) => a - b);
    const servers = [await startServer({ port: ports[0] }), await startServer({ port: ports[1] })];
    const service = await serviceWatching(ports);
    const { page } = await open(service);

    await expect.poll(() => page.locator('.port-list [role=option]').count()).toBe(2);
    await page.locator('#port-list').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('#port-list').getAttribute('aria-activedescendant')).toBe(`port-${ports[0]}`);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#port-list').getAttribute('aria-activedescendant')).toBe(`port-${ports[1]}`);
    await expect.poll(() => page.locator('#details-title').textContent()).toBe(`Port ${ports[1]} · portwarden · node server.cjs`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Open in browser');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('port-list');

    // "/" jumps to the filter; the text filter narrows the list.
    await page.keyboard.press('/');
    await page.keyboard.type(String(servers[0]!.pid));
    await expect.poll(() => page.locator('.port-list [role=option]').count()).toBe(1);
  });

  it("asks before killing another user's process, and does nothing on Cancel", async () => {
    const port = await freePort();
    const server = await startServer({ port }, { uid: 65534, gid: 65534 }); // nobody
    const service = await serviceWatching([port]);
    const { page } = await open(service);

    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.textContent()).toContain(`PID ${server.pid}`);
    await row.click();
    await page.getByRole('button', { name: /^Kill \(/ }).click();
    const dialog = page.locator('dialog#confirm');
    await expect.poll(() => dialog.getAttribute('open')).toBe('');
    expect(await dialog.textContent()).toContain('belongs to');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('inspector-confirm-dark.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.getAttribute('open')).toBe(null);
    expect(service.current().ports.find((p) => p.port === port)?.listener?.owner?.pid).toBe(server.pid);

    await page.getByRole('button', { name: /^Kill \(/ }).click();
    await page.locator('#confirm-ok').click();
    await expect.poll(() => page.locator('.outcome').textContent(), { timeout: 15_000 }).toMatch(/^✓ Kill verified/);
    await waitFor(() => service.current().ports.find((p) => p.port === port)?.listener === null || undefined, 5000, 'port to be free');
  });

  it('keeps long values inside the layout: a long folder never squeezes the name, a multi-line node -e recipe stays a few lines', async () => {
    const deep = join(
      home,
      'a-very-long-project-folder-name-that-goes-on',
      'packages',
      'apps',
      'web-frontend-application-with-a-long-name',
    );
    mkdirSync(deep, { recursive: true });
    const inDeep = await startServer({}, { cwd: deep });
    // A node -e script with newlines: the observed recipe is that whole argv.
    const script = `const http = require('http');\nconst s = http.createServer((q, r) => r.end('x'));\ns.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ pid: process.pid, port: s.address().port })));\n// ${'padding '.repeat(60)}\nsetInterval(() => {}, 1e9);`;
    const inline = await firstJsonLine<{ pid: number; port: number }>(
      spawnTracked(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const service = await serviceWatching([inDeep.port, inline.port]);
    const { page, problems } = await open(service);
    await page.setViewportSize({ width: 620, height: 480 });

    const name = page.locator(`#port-${inDeep.port} .name`);
    // The launch tree's command, not the bare `node` its name is.
    await expect.poll(() => name.textContent()).toBe('node server.cjs');
    // Fractional widths: scrollWidth rounds away the half pixel that already draws an ellipsis.
    const fits = (el: Element) => {
      const text = document.createRange();
      text.selectNodeContents(el);
      return text.getBoundingClientRect().width <= el.getBoundingClientRect().width + 0.01;
    };
    expect(await name.evaluate(fits)).toBe(true);

    await page.locator(`#port-${inline.port}`).click();
    const recipe = page.locator('.actions .recipe');
    await expect.poll(() => recipe.textContent()).toContain('(observed)');
    const lineHeight = await recipe.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await recipe.boundingBox())!.height).toBeLessThanOrEqual(3 * lineHeight + 2);
    // The whole command is still there for whoever hovers it.
    expect(await recipe.getAttribute('title')).toContain('padding padding');
    await page.screenshot({ path: screenshotPath('inspector-long-values.png') });
    expect(problems).toEqual([]);
  });

  it('labels a Docker port forwarder in the list and offers no kill for it', async () => {
    const dockerProxy = join(home, 'docker-proxy'); // named like Docker's forwarder: the scanner matches the executable's name
    copyFileSync(process.execPath, dockerProxy);
    const { port } = await firstJsonLine<{ pid: number; port: number }>(
      spawnTracked(dockerProxy, [SERVER_SCRIPT, '{}'], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const service = await serviceWatching([port]);
    const { page } = await open(service);

    const row = page.locator(`#port-${port}`);
    await expect.poll(() => row.locator('.badge').allTextContents()).toContain('docker proxy');
    await row.click();
    await expect.poll(() => page.locator('.actions .forwarder').textContent()).toContain('Docker port forwarder');
    expect(await page.getByRole('button', { name: 'Kill', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Kill & Restart' }).isDisabled()).toBe(true);
  });

  it('shows a failed start with its decisive log line and the next step', async () => {
    const port = await freePort();
    const recipes = {
      [port]: { command: ['node', '-e', 'console.error("Error: Cannot find module \'./missing.js\'"); process.exit(1)'], cwd: home },
    };
    const service = await serviceWatching([port], { recipes, restartTimeoutMs: 5000 });
    const { page, problems } = await open(service);

    await page.locator('#filter-text').fill(String(port));
    await page.locator(`#port-${port}`).click();
    await page.getByRole('button', { name: 'Start' }).click();
    const failed = page.locator('.outcome.failed');
    await expect.poll(() => failed.textContent(), { timeout: 15_000 }).toContain("Cannot find module './missing.js'");
    const details = await service.inspect(port);
    const hint = details.ok ? details.value.lastOutcome?.hint : null;
    expect(hint).toBeTruthy();
    expect(await page.locator('.action .hint').textContent()).toBe(hint);
    // And it can be tried again.
    await expect.poll(() => page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });
});
