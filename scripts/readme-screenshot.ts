// The README's picture of the inspector, taken from the real thing: four real fixture servers (a
// healthy one, an orphaned one, one behind a 404 wall, one whose build was redone after it
// started), watched by the real core, rendered by the real inspector page in headless Chromium
// through the same handler table the app registers. Nothing on it is staged but the project
// folder names. Run: node scripts/readme-screenshot.mjs [out.png] (default docs/inspector.png).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { createPortwardenService } from '../main/core/service';
import type { PortwardenService } from '../main/core/service';
import { defaultSettings } from '../main/core/settings/schema';
import type { VerdictKind } from '../main/core/types';
import { freePort, killTracked, startOrphanedServer, startServer, waitFor } from '../test/helpers/processes';
import { ensureRendererBuilt, launchChromium, type OpenInspector, openInspector } from '../test/renderer/harness';

/** Dev-server ports a reader recognises; a busy one is swapped for any free port. */
const PREFERRED = [3000, 5173, 8080, 4321];

async function pickPort(preferred: number): Promise<number> {
  const probe = await freePort();
  // freePort proves the kernel hands out ports; whether `preferred` itself is free is asked by binding it.
  const { createServer } = await import('node:net');
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once('error', () => resolvePort(probe));
    s.listen(preferred, '127.0.0.1', () => s.close(() => resolvePort(preferred)));
  });
}

function project(root: string, name: string): string {
  const dir = join(root, 'projects', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function main(out: string): Promise<void> {
  ensureRendererBuilt();
  const root = mkdtempSync(join(tmpdir(), 'portwarden-readme-'));
  let service: PortwardenService | null = null;
  let browser: Browser | null = null;
  let inspector: OpenInspector | null = null;
  try {
    const ports: number[] = [];
    for (const p of PREFERRED) ports.push(await pickPort(p));
    const [web, api, docs, shop] = ports as [number, number, number, number];

    await startServer({ port: web }, { cwd: project(root, 'web') });
    const orphan = await startOrphanedServer({ port: api }, project(root, 'api'));
    await startServer({ port: docs, mode: '404' }, { cwd: project(root, 'docs') });
    const shopDir = project(root, 'shop');
    mkdirSync(join(shopDir, 'dist'));
    writeFileSync(join(shopDir, 'dist', 'index.html'), '<h1>shop</h1>\n');
    await startServer({ port: shop }, { cwd: shopDir });
    // A build after the server started: it now serves from a dist/ it never loaded.
    await new Promise((r) => setTimeout(r, 1100));
    writeFileSync(join(shopDir, 'dist', 'index.html'), '<h1>shop, rebuilt</h1>\n');

    const config = join(root, 'config');
    service = createPortwardenService({
      settings: { ...defaultSettings(), watchedPorts: ports, httpPorts: ports, pollIntervalMs: 500 },
      paths: { config, data: join(config, 'data'), logs: join(config, 'logs') },
    });
    await service.start();
    const expected: Array<[number, VerdictKind]> = [
      [web, 'healthy'],
      [api, 'orphaned'],
      [docs, '404-wall'],
      [shop, 'stale-build'],
    ];
    const s = service;
    await waitFor(
      () =>
        expected.every(([port, kind]) =>
          s
            .current()
            .ports.find((p) => p.port === port)
            ?.verdicts.some((v) => v.kind === kind),
        ),
      15_000,
      `verdicts ${expected.map(([p, k]) => `${p}: ${k}`).join(', ')}`,
    );

    browser = await launchChromium();
    inspector = await openInspector(browser, service);
    const { page } = inspector;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator(`#port-${api}`).click();
    await page.locator('.process').waitFor();
    await waitFor(async () => (await page.locator('.port-list [role=option]').count()) === 4 || undefined, 5000, 'four rows');
    // The orphan selected: the incident this app exists for. Its evidence stays folded, because
    // opened it shows this machine's own init process rather than anything about the app.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    mkdirSync(resolve(out, '..'), { recursive: true });
    await page.screenshot({ path: out });
    if (inspector.problems.length) throw new Error(`the page reported problems: ${inspector.problems.join('; ')}`);
    console.log(`wrote ${out} (${Math.round(statSync(out).size / 1024)} KB): ports ${ports.join(', ')}, orphan PID ${orphan.pid}`);
  } finally {
    await inspector?.close();
    await service?.stop();
    await browser?.close();
    killTracked();
    rmSync(root, { recursive: true, force: true });
  }
}

main(resolve(process.argv[2] ?? join(__dirname, '..', 'docs', 'inspector.png'))).catch((err: Error) => {
  console.error(`readme-screenshot: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
