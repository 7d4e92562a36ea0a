// The real toolchains, launched the way developers launch them (`npm run …` from a shell that then
// dies by SIGKILL), against what the current core already knows. Ports are ephemeral; every process
// is found by the session id of the wrapper the test started, and killed by PID.
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { classifyChain, managerHint, readManagerFacts } from '../../main/core/launch-tree';
import { createProjectFs, projectOf } from '../../main/core/project';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTarget, restartPort } from '../../main/core/actions';
import { appPaths } from '../../main/core/paths';
import type { RestartResult } from '../../main/core/restart';
import { defaultSettings, type Settings } from '../../main/core/settings/schema';
import { freePort, isAlive, waitFor } from '../helpers/processes';
import { lstatSync } from 'node:fs';
import {
  getScanner,
  killSession,
  orphan,
  type Owned,
  pm2Home,
  pm2Kill,
  type RunningTool,
  sessionListeners,
  startTool,
  stopTool,
  TOOLCHAINS_ROOT,
  waitForListener,
} from '../helpers/toolchains';
import { expectOldTreeGone, expectTree, living } from '../helpers/toolchains-expect';
import { recordLaunchTree } from '../helpers/toolchains-record';

const projectFs = createProjectFs();

const skip = inject('toolchainsSkip');
const skipLine = skip === undefined ? 'toolchain tests need test/toolchains/global-setup.ts in vitest.config.ts globalSetup' : skip;
if (skipLine) console.log(`[toolchains] skipped: ${skipLine}`);

const tools: RunningTool[] = [];
const pm2Homes: string[] = [];

/** `npm run pm2-start` on a free port, under a PM2_HOME of its own (its daemon is killed after the test), once it listens. */
async function startPm2App() {
  const port = await freePort();
  const home = pm2Home();
  pm2Homes.push(home);
  const tool = launch('pm2-start', { PORT: String(port), PM2_HOME: home, PM2_APP_NAME: `api${port}` });
  return { port, home, tool, live: await waitForListener({ port }, tool) };
}
const spawnedSessions: number[] = [];
afterEach(async () => {
  // What a restart started leads a session of its own (spawned detached): end it by its members' PIDs.
  for (const sid of spawnedSessions.splice(0)) await killSession(sid);
  for (const tool of tools.splice(0)) await stopTool(tool);
  for (const home of pm2Homes.splice(0)) await pm2Kill(home);
});

function launch(script: string, env: Record<string, string>): RunningTool {
  const tool = startTool(script, env);
  tools.push(tool);
  return tool;
}

async function liveThenOrphaned(
  name: string,
  tool: RunningTool,
  which: { port?: number; sid?: number },
): Promise<{ live: Owned; orphaned: Owned }> {
  const live = await waitForListener(which, tool);
  recordLaunchTree({
    tool: name,
    phase: 'live',
    command: `npm run ${tool.script}`,
    port: live.listener.port,
    owner: live.owner,
    chain: live.chain,
  });
  await orphan(tool);
  const orphaned = await waitForListener({ port: live.listener.port }, tool, 10_000);
  recordLaunchTree({
    tool: name,
    phase: 'orphaned',
    command: `npm run ${tool.script}`,
    port: orphaned.listener.port,
    owner: orphaned.owner,
    chain: orphaned.chain,
  });
  return { live, orphaned };
}

describe.skipIf(skipLine !== null)('real toolchains launched by npm run, wrapper SIGKILLed', () => {
  it('next dev', async () => {
    const port = await freePort();
    const tool = launch('next-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('next-dev', tool, { port });
    expect(orphaned.owner.sid).toBe(tool.sid);
    expect(orphaned.owner.name).toMatch(/^next-server \(v16\./);
    expectTree(orphaned, ['server', 'tool', 'launcher', 'launcher'], 'next dev worker', 'npm run next-dev');
  }, 120_000);

  it('next start', async () => {
    const port = await freePort();
    const tool = launch('next-start', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('next-start', tool, { port });
    expect(orphaned.owner.sid).toBe(tool.sid);
    expectTree(orphaned, ['server', 'launcher', 'launcher'], 'next start', 'npm run next-start');
  }, 120_000);

  it('vite, and a second copy that Vite moves to another port', async () => {
    const port = await freePort();
    const tool = launch('vite-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('vite-dev', tool, { sid: tool.sid });
    expect(orphaned.listener.port).toBe(port);
    expectTree(orphaned, ['server', 'launcher', 'launcher'], 'vite', 'npm run vite-dev');
    const second = launch('vite-dev', { PORT: String(port) });
    const moved = await waitForListener({ sid: second.sid }, second);
    expect(moved.listener.port).not.toBe(port);
    expect(projectOf(moved.owner, projectFs)).toEqual(projectOf(orphaned.owner, projectFs));
  }, 60_000);

  it('nodemon', async () => {
    const port = await freePort();
    const tool = launch('nodemon-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('nodemon-dev', tool, { port });
    expectTree(orphaned, ['server', 'watch-supervisor', 'launcher', 'launcher'], 'node server.js', 'npm run nodemon-dev');
  }, 60_000);

  it('concurrently', async () => {
    const [port, port2] = [await freePort(), await freePort()];
    const tool = launch('concurrently-dev', { PORT: String(port), PORT2: String(port2) });
    await waitForListener({ port: port2 }, tool);
    const { orphaned } = await liveThenOrphaned('concurrently-dev', tool, { port });
    // Only this port's branch: the `sh -c PORT=… node …` concurrently started for it.
    expectTree(
      orphaned,
      ['server', 'launcher', 'parallel-runner', 'launcher', 'launcher'],
      'node server.js',
      new RegExp(`^sh -c PORT=${port} node node-server/server\\.js$`),
    );
    expect((await sessionListeners(tool.sid)).map((l) => l.port).sort()).toEqual([port, port2].sort());
  }, 60_000);

  it('pm2', async () => {
    const { port, home, tool, live } = await startPm2App();
    recordLaunchTree({ tool: 'pm2', phase: 'live', command: 'npm run pm2-start', port, owner: live.owner, chain: live.chain });
    expect(live.owner.sid).not.toBe(tool.sid);
    expectTree(live, ['server', 'process-manager'], 'node server.js', 'node server.js');
    const hint = managerHint(classifyChain(live.owner, live.chain), readManagerFacts(live.owner.pid));
    expect(hint).toEqual({ manager: 'pm2', command: `PM2_HOME=${home} pm2 restart api${port}` });
  }, 60_000);
});

// The display (who, project), duplicate and free on the real tools: test/toolchains/project-duplicate.test.ts.

const home = mkdtempSync(join(tmpdir(), 'pw-conformance-'));
const paths = appPaths({ PORTWARDEN_HOME: home });
afterAll(() => rmSync(home, { recursive: true, force: true }));

function settingsFor(port: number): Settings {
  // next dev compiles `/` on the first request: the probe waits for it.
  return { ...defaultSettings(), httpPorts: [port], probeTimeoutMs: 20_000, restartTimeoutMs: 90_000, killGraceMs: 3000 };
}

/** `restart <port>` without a command, as the CLI and the tray run it; what it started is cleaned up after the test. */
async function restartOf(port: number, seen: Owned, extra: Partial<Settings> = {}): Promise<RestartResult> {
  const r = await restartPort({ port, scanner: getScanner(), settings: { ...settingsFor(port), ...extra }, paths, identity: seen.owner });
  if (r.spawned) spawnedSessions.push(r.spawned.pid);
  if (!r.ok)
    throw new Error(
      `restart of ${port} failed: ${r.reason}\n${r.hint}\n${r.timeline.map((s) => `${s.step}: ${s.detail}`).join('\n')}\n${r.logTail.join('\n')}`,
    );
  return r;
}

// In a git worktree whose node_modules links to another checkout, Turbopack refuses the Next package
// outside its root and next dev answers 500 to everything: its probe is asserted in a real checkout.
const linkedNodeModules = lstatSync(join(TOOLCHAINS_ROOT, 'node_modules')).isSymbolicLink();
if (linkedNodeModules)
  console.log('[toolchains] next dev restart: HTTP probe not asserted (test/toolchains/node_modules is a link: Turbopack answers 500)');

function expectVerified(r: RestartResult & { ok: true }, root: string | RegExp, status: number | null = 200): void {
  expect(r.recipe.source).toBe('observed');
  if (typeof root === 'string') expect(r.recipe.command).toBe(root);
  else expect(JSON.stringify(r.recipe.command)).toMatch(root);
  // The new owner descends from the re-run launch root (launch() verifies it; the session says so too).
  expect(r.new.sid).toBe(r.spawned.pid);
  expect(r.probe?.status ?? null).toBe(status);
}

describe.skipIf(skipLine !== null)('real toolchains: restart and kill replace the launch root', () => {
  // next dev: the new owner descends from the re-run npm; next start: built once by the global setup.
  it.each([
    ['next-dev', 'npm run next-dev'],
    ['next-start', 'npm run next-start'],
    ['vite-dev', 'npm run vite-dev'],
  ])(
    'restart of an orphaned %s re-runs `%s`: a verified new owner that answers 200, nothing of the old tree left',
    async (script, root) => {
      const port = await freePort();
      const { orphaned } = await liveThenOrphaned(script, launch(script, { PORT: String(port) }), { port });
      const unprobed = script === 'next-dev' && linkedNodeModules;
      const r = await restartOf(port, orphaned, unprobed ? { httpPorts: [] } : {});
      expectVerified(r as RestartResult & { ok: true }, root, unprobed ? null : 200);
      expectOldTreeGone(tools[0]!);
    },
    180_000,
  );

  it('restart of nodemon re-runs the supervisor; a save afterwards reloads without EADDRINUSE', async () => {
    const port = await freePort();
    const { orphaned } = await liveThenOrphaned('nodemon-dev', launch('nodemon-dev', { PORT: String(port) }), { port });
    const r = (await restartOf(port, orphaned)) as RestartResult & { ok: true };
    expectVerified(r, 'npm run nodemon-dev');
    expectOldTreeGone(tools[0]!);
    // The save: nodemon restarts its child, which must take the port again.
    const now = new Date();
    utimesSync(join(TOOLCHAINS_ROOT, 'node-server', 'server.js'), now, now);
    const reloaded = await waitFor(
      async () => {
        const owner = (await getScanner().scan({ fresh: true })).find((l) => l.port === port)?.owner;
        return owner && owner.pid !== r.new.pid && owner.sid === r.spawned.pid ? owner : undefined;
      },
      20_000,
      `nodemon's new child to take port ${port}`,
    );
    expect(reloaded.sid).toBe(r.spawned.pid);
    const log = readFileSync(r.log, 'utf8');
    expect(log).toMatch(/restarting due to changes/);
    expect(log).not.toMatch(/EADDRINUSE/);
  }, 90_000);

  it('kill of a nodemon server frees the port, names nodemon, and kills the supervisor branch', async () => {
    const port = await freePort();
    const tool = launch('nodemon-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('nodemon-dev', tool, { port });
    const notes: string[] = [];
    const r = await killTarget(orphaned.owner, {
      scanner: getScanner(),
      port,
      settings: settingsFor(port),
      dataDir: paths.data,
      onStep: (s) => notes.push(s.detail),
    });
    expect(r.ok).toBe(true);
    expect(r.ok && r.message).toMatch(/watch supervisor nodemon \(\d+\) is gone too/);
    expect(r.ok && r.supervisor).toMatch(/^nodemon \(\d+\)$/);
    expect(notes.join('\n')).toMatch(/nodemon \(\d+\) would restart it on the next save/);
    expectOldTreeGone(tool);
    // Stays free: no supervisor is left to start it again.
    await new Promise((done) => setTimeout(done, 1500));
    expect((await getScanner().scan({ fresh: true })).find((l) => l.port === port)).toBeUndefined();
  }, 60_000);

  it('restart of a concurrently branch re-runs only that branch', async () => {
    const [port, port2] = [await freePort(), await freePort()];
    const tool = launch('concurrently-dev', { PORT: String(port), PORT2: String(port2) });
    const other = await waitForListener({ port: port2 }, tool);
    const { orphaned } = await liveThenOrphaned('concurrently-dev', tool, { port });
    const branch = [orphaned.owner.pid, orphaned.chain[0]!.pid];
    const runner = orphaned.chain.find((p) => p.argv.some((a) => a.endsWith('.bin/concurrently')))!;
    const r = (await restartOf(port, orphaned)) as RestartResult & { ok: true };
    expectVerified(r, new RegExp(`"-c","PORT=${port} node node-server/server.js"`));
    expect(branch.filter(living)).toEqual([]);
    // The runner and the other branch are not this port's: they keep running.
    expect(isAlive(runner.pid)).toBe(true);
    expect((await getScanner().scan({ fresh: true })).find((l) => l.port === port2)?.owner?.pid).toBe(other.owner.pid);
  }, 60_000);

  it('kill and restart of a pm2 app say `pm2 restart <name>` and do not fight the daemon', async () => {
    const { port, home: pm2, live } = await startPm2App();
    const command = `PM2_HOME=${pm2} pm2 restart api${port}`;
    const refused = await killTarget(live.owner, { scanner: getScanner(), port, settings: settingsFor(port), dataDir: paths.data });
    expect(refused).toMatchObject({ ok: false, code: 'MANAGED', killed: [] });
    expect(!refused.ok && refused.hint).toContain(`\`${command}\``);
    expect(isAlive(live.owner.pid)).toBe(true);
    // Delegated: pm2 restarts it, and the port's new owner is verified like any other.
    const r = await restartPort({ port, scanner: getScanner(), settings: settingsFor(port), paths, identity: live.owner });
    expect(r.ok, r.ok ? '' : `${r.reason}\n${r.timeline.map((s) => s.detail).join('\n')}`).toBe(true);
    const ok = r as RestartResult & { ok: true };
    expect(ok.recipe).toMatchObject({ source: 'process-manager', command: ['pm2', 'restart', `api${port}`] });
    expect(ok.new.pid).not.toBe(live.owner.pid);
    expect(ok.new.ppid).toBe(live.chain[0]!.pid);
    expect(ok.probe?.status).toBe(200);
    expect(ok.timeline.map((s) => s.detail).join('\n')).toContain(command);
  }, 90_000);
});
