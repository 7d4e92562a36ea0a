import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import { appPaths } from '../../../main/core/paths';
import type { Recipe } from '../../../main/core/recipes';
import { restartPort, startPort } from '../../../main/core/actions';
import { launchAndVerify, type RestartResult } from '../../../main/core/restart';
import { createScanner } from '../../../main/core/scan';
import { defaultSettings, type Settings } from '../../../main/core/settings/schema';
import { freePort, killTracked, SERVER_SCRIPT, startOrphanedServer, startServer, track } from '../../helpers/processes';
import { gone } from '../kill/liveness';
import { linuxOnly } from '../../helpers/platform';

const CRASH = join(__dirname, '..', '..', 'fixtures', 'restart', 'crash.cjs');
const home = mkdtempSync(join(tmpdir(), 'pw-restart-'));
const paths = appPaths({ PORTWARDEN_HOME: home });
const scanner = createScanner();

afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

function settingsFor(port: number, extra: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), httpPorts: [port], killGraceMs: 2000, ...extra };
}

/** Every process a restart started is ours to clean up: the result names them. */
function tracked<T extends RestartResult>(r: T): T {
  track(r.spawned?.pid);
  if (r.ok) track(r.new.pid);
  return r;
}

function serverRecipe(config: object): Recipe {
  return { command: [process.execPath, SERVER_SCRIPT, JSON.stringify(config)], cwd: home, source: 'command-line', origin: 'test' };
}

async function ownerOf(port: number) {
  return (await scanner.scan({ fresh: true })).find((l) => l.port === port)?.owner ?? null;
}

linuxOnly('expects procfs cwd, sessions and setsid').describe('restart and start with real processes', () => {
  it('the incident: a new server dies with EADDRINUSE behind an orphan; restart kills the orphan and verifies the new owner', async () => {
    const port = await freePort();
    const orphan = await startOrphanedServer({ port }, home);
    const settings = settingsFor(port);

    // What the supervisor did: start a second server while the orphan holds the port.
    const second = tracked(await launchAndVerify(serverRecipe({ port }), { port, scanner, settings, paths }));
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.code).toBe('EXITED');
    expect(second.reason).toMatch(
      /exited with code 1 after [\d.]+ s: "Error: listen EADDRINUSE: .*address already in use 127\.0\.0\.1:\d+"/,
    );
    expect(second.reason).toContain(`port ${port} is owned by node (PID ${orphan.pid})`);
    expect(second.owner?.pid).toBe(orphan.pid);
    expect(second.logTail.some((l) => l.includes('EADDRINUSE'))).toBe(true);

    // What Portwarden does instead.
    const before = (await ownerOf(port))!;
    const steps: string[] = [];
    const r = tracked(await restartPort({ port, scanner, settings, paths, identity: before, onStep: (s) => steps.push(s.step) }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.old).toEqual({ pid: orphan.pid, startTime: before.startTime });
    expect(r.new.pid).not.toBe(orphan.pid);
    expect(r.probe).toEqual({ status: 200 });
    expect(r.recipe).toMatchObject({ source: 'observed', cwd: home, command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port })] });
    expect(steps).toEqual(r.timeline.map((s) => s.step));
    expect(steps).toEqual(['recipe', 'environment', 'plan', 'sigterm', 'exited', 'released', 'spawn', 'listening', 'probe', 'verified']);
    expect(await gone(orphan.pid)).toBe(true);
    expect((await ownerOf(port))?.pid).toBe(r.new.pid);
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(`ok ${r.new.pid}`);
    expect(existsSync(r.log)).toBe(true);

    // The recipe is remembered: once the server is gone, `start` brings it back.
    expect((await killIdentity(r.new, { scanner, port, settleMs: 0 })).ok).toBe(true);
    const again = tracked(await startPort({ port, scanner, settings, paths }));
    expect(again).toMatchObject({ ok: true, recipe: { source: 'remembered' }, probe: { status: 200 } });
  });

  it('fails a recipe that exits at once, quoting its error line', async () => {
    const port = await freePort();
    const r = tracked(
      await startPort({ port, scanner, settings: settingsFor(port), paths, command: [process.execPath, CRASH], cwd: home }),
    );
    expect(r).toMatchObject({ ok: false, code: 'EXITED', phase: 'wait-for-owner' });
    expect(!r.ok && r.reason).toContain(`exited with code 1`);
    expect(!r.ok && r.reason).toContain(`"Error: Cannot find module './missing-routes-manifest.json'"; nothing listens on port ${port}`);
    expect(!r.ok && r.logTail.at(-1)).toMatch(/^Node\.js v\d+/);
  });

  it('fails a recipe that binds another port, names it, quotes its last line and stops it', async () => {
    const port = await freePort();
    const r = tracked(
      await startPort({
        port,
        scanner,
        settings: settingsFor(port, { restartTimeoutMs: 1500 }),
        paths,
        command: [process.execPath, SERVER_SCRIPT, '{"port":0}'],
        userDir: home,
      }),
    );
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    if (r.ok) return;
    const other = /it listens on (\d+) instead/.exec(r.reason)?.[1];
    expect(other).toBeDefined();
    expect(r.reason).toContain(`"{"pid":${r.spawned!.pid},"port":${other}}"`);
    expect(r.timeline.map((s) => s.step)).toContain('stopped');
    expect(await gone(r.spawned!.pid)).toBe(true);
  });

  it('fails on a server that answers 500, and leaves it running for inspection', async () => {
    const port = await freePort();
    const r = tracked(
      await startPort({
        port,
        scanner,
        settings: settingsFor(port),
        paths,
        command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port, mode: '500' })],
        userDir: home,
      }),
    );
    expect(r).toMatchObject({ ok: false, code: 'PROBE_FAILED', leftRunning: true });
    expect(!r.ok && r.reason).toContain('answered 500');
  });

  it('refuses to start on a busy port, and to restart an owner that is not the one shown', async () => {
    const s = await startServer();
    const settings = settingsFor(s.port);
    const busy = await startPort({ port: s.port, scanner, settings, paths, command: ['true'] });
    expect(busy).toMatchObject({ ok: false, code: 'PORT_BUSY', owner: { pid: s.pid } });
    const owner = (await ownerOf(s.port))!;
    const stale = await restartPort({ port: s.port, scanner, settings, paths, identity: { pid: s.pid, startTime: owner.startTime + 1 } });
    expect(stale).toMatchObject({ ok: false, code: 'STALE_IDENTITY', spawned: null });
    expect((await ownerOf(s.port))?.pid).toBe(s.pid);
  });

  it('fails with SPAWN_FAILED, starting nothing, when the log cannot be created', async () => {
    const port = await freePort();
    const blocked = join(home, 'logs-is-a-file');
    writeFileSync(blocked, '');
    const r = await startPort({
      port,
      scanner,
      settings: settingsFor(port),
      paths: { data: home, logs: join(blocked, 'logs') },
      command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port })],
      cwd: home,
    });
    expect(r).toMatchObject({ ok: false, code: 'SPAWN_FAILED', phase: 'spawn', spawned: null });
    expect(!r.ok && r.reason).toContain(`could not create the log ${join(blocked, 'logs')}`);
    expect(await ownerOf(port)).toBeNull();
  });

  it("suggests a package.json only from the user's directory, never from its own working directory", async () => {
    const port = await freePort();
    const settings = settingsFor(port);
    const emptyHome = appPaths({ PORTWARDEN_HOME: mkdtempSync(join(home, 'home-')) });
    // The test process runs in the repository, whose package.json has a start script: the app
    // (which has no "user's directory") must not take that for the user's server.
    expect(existsSync(join(process.cwd(), 'package.json'))).toBe(true);
    expect(await startPort({ port, scanner, settings, paths: emptyHome })).toMatchObject({ ok: false, code: 'NO_RECIPE', spawned: null });
    expect(await startPort({ port, scanner, settings, paths: emptyHome, command: ['true'] })).toMatchObject({
      ok: false,
      code: 'NO_RECIPE',
      spawned: null,
    });
    // The CLI names the directory it runs in: a dev script there is suggested.
    const project = mkdtempSync(join(home, 'project-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ scripts: { dev: `node ${JSON.stringify(SERVER_SCRIPT)} '{"port":${port}}'` } }),
    );
    const r = tracked(await startPort({ port, scanner, settings, paths: emptyHome, userDir: project }));
    expect(r.recipe).toMatchObject({ source: 'package.json', cwd: project });
  });

  it('says when no recipe is known, and starts nothing', async () => {
    const port = await freePort();
    const empty = mkdtempSync(join(home, 'empty-'));
    const r = await startPort({ port, scanner, settings: settingsFor(port), paths: appPaths({ PORTWARDEN_HOME: empty }), cwd: empty });
    expect(r).toMatchObject({ ok: false, code: 'NO_RECIPE', spawned: null, log: null });
    expect(!r.ok && r.hint).toContain(`portwarden start ${port} -- npm run dev`);
  });
});
