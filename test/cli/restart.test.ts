import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { freePort, killTracked, startOrphanedServer, startServer } from '../helpers/processes';
import { parseTracked, runWithHome, writeSettings } from '../helpers/cli-run';
import { gone } from '../core/kill/liveness';
import { killNpm, startNpmDev } from '../fixtures/servers/npm-dev';
import { linuxOnly } from '../helpers/platform';

const CRASH = join(__dirname, '..', 'fixtures', 'restart', 'crash.cjs');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const home = mkdtempSync(join(tmpdir(), 'pw-restart-cli-'));
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

linuxOnly('judges orphans by session, which procfs gives').describe('portwarden restart', () => {
  it('replaces an orphan that holds the port; --json is the documented shape, exit 0', async () => {
    const port = await freePort();
    writeSettings(home, { httpPorts: [port] });
    const orphan = await startOrphanedServer({ port }, home);
    const run = await runWithHome(home, ['restart', String(port), '--json']);
    const json = parseTracked(run.out);
    expect(run.code).toBe(0);
    expect(Object.keys(json)).toEqual(['ok', 'port', 'old', 'new', 'recipe', 'probe', 'timeline', 'log']);
    expect(json).toMatchObject({
      ok: true,
      port,
      old: { pid: orphan.pid },
      probe: { status: 200 },
      recipe: { source: 'observed', cwd: home },
    });
    expect(json.old!.startTime).toMatch(ISO);
    expect(json.new!.startTime).toMatch(ISO);
    expect(json.new!.pid).not.toBe(orphan.pid);
    expect(json.timeline.map((s) => s.step)).toEqual([
      'recipe',
      'environment',
      'plan',
      'sigterm',
      'exited',
      'released',
      'spawn',
      'listening',
      'probe',
      'verified',
    ]);
    for (const s of json.timeline) expect(s.at).toMatch(ISO);
    expect(existsSync(json.log)).toBe(true);
    expect(await gone(orphan.pid)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('`npm run dev` in a project: the observed recipe is npm in that folder, and the new owner runs under a new npm', async () => {
    const port = await freePort();
    writeSettings(home, { httpPorts: [port] });
    const server = await startNpmDev({ port }, mkdtempSync(join(home, 'project-')));
    const who = await runWithHome(home, ['who', String(port)]);
    expect(who.out).toMatch(new RegExp(`parents +sh -c [^\\n]+ \\(\\d+\\) ← npm run dev \\(${server.npmPid}\\)`));
    const run = await runWithHome(home, ['restart', String(port), '--json']);
    const json = parseTracked(run.out);
    expect(run.code).toBe(0);
    expect(json).toMatchObject({
      ok: true,
      old: { pid: server.pid },
      probe: { status: 200 },
      recipe: { source: 'observed', command: 'npm run dev', cwd: server.dir },
    });
    expect(await gone(server.npmPid)).toBe(true);
    const after = JSON.parse((await runWithHome(home, ['who', String(port), '--json'])).out);
    expect(after.listeners[0].parents.map((p: { name: string }) => p.name)).toContain('npm run dev');
  });

  it('`npm run dev` whose npm was SIGKILLed: who says orphaned (its `sh -c` was adopted), restart replaces it', async () => {
    const port = await freePort();
    writeSettings(home, { httpPorts: [port] });
    const server = await startNpmDev({ port }, mkdtempSync(join(home, 'project-')));
    await killNpm(server);
    const who = await runWithHome(home, ['who', String(port)]);
    expect(who.out).toMatch(
      /verdict +orphaned: its parent `sh -c .*` \(PID \d+\) was adopted by .* after its session leader \(PID \d+\) exited: this process tree outlived /,
    );
    const run = await runWithHome(home, ['restart', String(port), '--json']);
    const json = parseTracked(run.out);
    expect(run.code).toBe(0);
    expect(json).toMatchObject({
      ok: true,
      old: { pid: server.pid },
      probe: { status: 200 },
      recipe: { source: 'observed', cwd: server.dir },
    });
    expect(await gone(server.pid)).toBe(true);
  });

  it('prints the steps on stderr as they happen and the outcome on stdout', async () => {
    const s = await startServer();
    const run = await runWithHome(home, [
      'restart',
      String(s.port),
      '--',
      process.execPath,
      join(__dirname, '..', 'fixtures', 'servers', 'server.cjs'),
      JSON.stringify({ port: s.port }),
    ]);
    const pid = Number(/→ node \(PID (\d+)\)/.exec(run.out)?.[1]);
    parseTracked(JSON.stringify({ new: { pid } }));
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe(`Port ${s.port} restarted: PID ${s.pid} → node (PID ${pid}).`);
    expect(run.out).toContain('  recipe  command-line: ');
    const steps = run.err
      .split('\n')
      .filter((l) => l.startsWith('  +'))
      .map((l) => l.trim().split(/\s+/)[1]);
    expect(steps).toEqual(['recipe', 'environment', 'plan', 'sigterm', 'exited', 'released', 'spawn', 'listening', 'probe', 'verified']);
    expect(run.err).toContain(`not probed: port ${s.port} is not known to speak HTTP`);
  });

  it('fails with the decisive log line, the log tail and exit 1 when the command dies at once', async () => {
    const s = await startServer();
    const run = await runWithHome(home, ['restart', String(s.port), '--json', '--cwd', tmpdir(), '--', process.execPath, CRASH]);
    const json = parseTracked(run.out);
    expect(run.code).toBe(1);
    expect(json).toMatchObject({ ok: false, code: 'EXITED', old: { pid: s.pid }, recipe: { source: 'command-line', cwd: tmpdir() } });
    expect(json.reason).toContain(`"Error: Cannot find module './missing-routes-manifest.json'"; nothing listens on port ${s.port}`);
    expect(json.logTail).toContain("Error: Cannot find module './missing-routes-manifest.json'");
    expect(json.timeline.at(-1)).toMatchObject({ step: 'failed', detail: json.reason });
  });

  it('refuses a usage without a port, or with nothing after --', async () => {
    expect((await runWithHome(home, ['restart'])).code).toBe(2);
    expect((await runWithHome(home, ['restart', '3000', '--'])).code).toBe(2);
  });
});
