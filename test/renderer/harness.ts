import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { EVENT_CHANNELS, type EventTypes, type EventVerb, INVOKE_CHANNELS, type InvokeVerb } from '../../preload/contract';
import { createInvokeDispatch } from '../../main/app/ipc-dispatch';
import { type AppControls, createIpcHandlers } from '../../main/app/ipc-handlers';
import { rendererUrl } from '../../main/app/security';
import type { PortwardenService } from '../../main/core/service';
import { findBrowser } from './find-browser';

// The inspector in real headless Chromium, with window.portwarden bound to a real service
// through the same handler table and checking dispatch the Electron main process uses. Only
// the transport differs: Playwright bindings instead of ipcRenderer/ipcMain.

const ROOT = join(__dirname, '..', '..');
export const INDEX_HTML = join(ROOT, 'dist', 'renderer', 'index.html');
export const RESULTS = join(ROOT, 'test-results');

const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** dist/renderer comes from `node scripts/build.mjs`; rebuilt here when a renderer source is newer. */
export function ensureRendererBuilt(): void {
  const bundle = join(ROOT, 'dist', 'renderer', 'renderer.js');
  const newest = Math.max(...readdirSync(join(ROOT, 'renderer')).map((f) => statSync(join(ROOT, 'renderer', f)).mtimeMs));
  if (existsSync(bundle) && existsSync(INDEX_HTML) && statSync(bundle).mtimeMs >= newest) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser(), args: ARGS });
}

async function bridgeScript(): Promise<string> {
  const out = await build({
    entryPoints: [join(__dirname, 'bridge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

export interface OpenInspector {
  page: Page;
  /** Console errors and CSP violations the page reported. */
  problems: string[];
  close(): Promise<void>;
}

export async function openInspector(
  browser: Browser,
  service: PortwardenService,
  controls: Partial<AppControls> = {},
): Promise<OpenInspector> {
  const page = await browser.newPage({ viewport: { width: 860, height: 560 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  const handlers = createIpcHandlers(service, {
    loginItem: controls.loginItem ?? {
      supported: false,
      getState: async () => ({ enabled: false, detail: 'not in this test', location: null }),
      setEnabled: async () => ({ ok: false, code: 'ENOTSUP', message: 'not in this test', hint: '' }),
    },
    openExternal: controls.openExternal ?? (async () => {}),
  });
  const dispatch = createInvokeDispatch(handlers, rendererUrl(INDEX_HTML), (m) => problems.push(m));
  // Pushes are delivered in order, one evaluate at a time, like webContents.send.
  let queue = Promise.resolve();
  const verbOf = new Map(Object.entries(INVOKE_CHANNELS).map(([verb, channel]) => [channel as string, verb as InvokeVerb]));
  await page.exposeBinding('__portwardenInvoke', async (source, channel: string, request: unknown) => {
    const verb = verbOf.get(channel);
    if (!verb) return { ok: false, code: 'INVALID_ARGUMENT', message: `no such channel ${channel}`, hint: '' };
    const result = await dispatch(verb, source.frame.url(), request);
    // Electron delivers pushes and invoke replies over one pipe, in order: pushes sent before the
    // reply arrive before it. Draining the queue first keeps that order here.
    await queue;
    return result;
  });
  await page.addInitScript({ content: await bridgeScript() });

  const push = <E extends EventVerb>(verb: E, payload: EventTypes[E]) => {
    queue = queue.then(() =>
      page
        .evaluate(([c, p]) => (window as unknown as { __portwardenEmit(c: string, p: unknown): void }).__portwardenEmit(c, p), [
          EVENT_CHANNELS[verb],
          payload,
        ] as const)
        .then(
          () => {},
          () => {}, // page closed
        ),
    );
  };
  const subscriptions = [
    service.onDidChangeSnapshot((s) => push('onSnapshot', s)),
    service.onDidEmitEvent((e) => push('onEvent', e)),
    service.onDidStepAction((e) => push('onActionStep', e)),
    service.onDidFinishAction((o) => push('onActionDone', o)),
  ];
  await page.goto(pathToFileURL(INDEX_HTML).href);
  return {
    page,
    problems,
    async close() {
      subscriptions.forEach((s) => s.dispose());
      await queue;
      await page.close();
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, name);
}
