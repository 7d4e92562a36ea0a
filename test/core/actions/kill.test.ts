import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPortwardenService } from '../../../main/core/service';
import { defaultSettings, type Settings } from '../../../main/core/settings/schema';
import { runWithHome, writeSettings } from '../../helpers/cli-run';
import { freePort, killTracked, startServer } from '../../helpers/processes';

// The tray's Kill (through the service) and `portwarden kill` are one use-case: both remember the
// owner's recipe before the first signal, so Start brings the server back either way.

const root = mkdtempSync(join(tmpdir(), 'pw-kill-action-'));
afterEach(killTracked);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function rememberedFor(home: string, port: number): Record<string, unknown> {
  const all = JSON.parse(readFileSync(join(home, 'data', 'recipes.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const { savedAt, origin, ...entry } = all[String(port)]!;
  expect(savedAt).toEqual(expect.any(Number));
  // The origin names the PID it was read from: each run has its own server.
  return { ...entry, origin: String(origin).replace(/by PID \d+/, 'by PID <pid>') };
}

describe.runIf(process.platform === 'linux')('the kill use-case', () => {
  it('remembers the same recipe whether the tray or the CLI kills', async () => {
    const port = await freePort();
    const settings: Settings = { ...defaultSettings(), watchedPorts: [port], httpPorts: [], killGraceMs: 1000 };

    const trayHome = mkdtempSync(join(root, 'tray-'));
    const first = await startServer({ port }, { cwd: root });
    const service = createPortwardenService({
      settings,
      paths: { config: trayHome, data: join(trayHome, 'data'), logs: join(trayHome, 'logs') },
      kill: { settleMs: 100 },
    });
    try {
      await service.start();
      const owner = service.current().ports.find((p) => p.port === port)?.listener?.owner;
      expect(owner?.pid).toBe(first.pid);
      const killed = await service.kill({ port, identity: owner! });
      expect(killed).toMatchObject({ ok: true });
    } finally {
      await service.stop();
    }

    const cliHome = mkdtempSync(join(root, 'cli-'));
    writeSettings(cliHome, { killGraceMs: 1000, watchedPorts: [port], httpPorts: [] });
    const second = await startServer({ port }, { cwd: root });
    const run = await runWithHome(cliHome, ['kill', String(port)]);
    expect(run.code).toBe(0);
    expect(second.pid).not.toBe(first.pid);

    const fromTray = rememberedFor(trayHome, port);
    expect(fromTray).toMatchObject({
      from: 'observed',
      cwd: root,
      command: [process.execPath, expect.stringContaining('server.cjs'), JSON.stringify({ port })],
    });
    expect(rememberedFor(cliHome, port)).toEqual(fromTray);
  });
});
