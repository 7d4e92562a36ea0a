import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { BUILD_SLACK_MS } from '../../../main/core/evidence';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultSettings, type Settings } from '../../../main/core/settings/schema';
import type { Snapshot, WatchEvent } from '../../../main/core/types';
import { clockTime } from '../../../main/core/verdicts/wording';
import { createWatcher, type Watcher } from '../../../main/core/watcher';
import { firstJsonLine, isAlive, killTracked, SERVER_SCRIPT, startServer, track, waitFor } from '../../helpers/processes';
import { killNpm, startNpmDev } from '../../fixtures/servers/npm-dev';
import { linuxOnly } from '../../helpers/platform';

// A directory with no build output: a rebuild of the repository's dist/ while these servers run must
// not turn them into stale builds.
const CLEAN = mkdtempSync(join(tmpdir(), 'pw-clean-cwd-'));
afterAll(() => rmSync(CLEAN, { recursive: true, force: true }));

// Other test files start servers in parallel: every assertion looks at this test's ports only.
const quiet: Settings = { ...defaultSettings(), watchedPorts: [], httpPorts: [] };

let watchers: Watcher[] = [];
afterEach(() => {
  watchers.forEach((w) => w.stop());
  watchers = [];
  killTracked();
});

function watch(settings: Partial<Settings> = {}) {
  const watcher = createWatcher({ scanner: new LinuxPortTable(), settings: { ...quiet, ...settings } });
  watchers.push(watcher);
  const events: WatchEvent[] = [];
  watcher.onDidEmitEvent((e) => events.push(e));
  return { watcher, events, on: (port: number) => events.filter((e) => e.port === port) };
}

const portFree = async (port: number) => !(await new LinuxPortTable().scan()).some((l) => l.port === port);

function brief(e: WatchEvent): string {
  switch (e.type) {
    case 'appeared':
      return `appeared ${e.owner?.pid}`;
    case 'owner-changed':
      return `owner-changed ${e.from.pid}->${e.to.pid}`;
    case 'owner-died':
      return `owner-died ${e.owner.pid}`;
    case 'released':
      return `released ${e.previous?.pid}`;
    case 'verdict-changed':
      return `verdict-changed ${e.from.join()}->${e.to.map((v) => v.kind).join()}`;
  }
}

linuxOnly('scans with the Linux procfs table').describe('watcher on real processes', () => {
  it('reports appear, owner change (kill and restart on the same port), death and release, in order', async () => {
    const { watcher, on } = watch();
    await watcher.tick(); // the baseline: what already listens is not news

    const a = await startServer({}, { cwd: CLEAN });
    await watcher.tick();
    a.child.kill('SIGKILL');
    await waitFor(() => portFree(a.port), 5000, 'the port to be released');
    const b = await startServer({ port: a.port }, { cwd: CLEAN });
    await watcher.tick();
    b.child.kill('SIGKILL');
    await waitFor(() => portFree(a.port), 5000, 'the port to be released');
    await watcher.tick();

    expect(on(a.port).map(brief)).toEqual([
      `appeared ${a.pid}`,
      `owner-died ${a.pid}`,
      `owner-changed ${a.pid}->${b.pid}`,
      `owner-died ${b.pid}`,
      `released ${b.pid}`,
    ]);
    expect(watcher.history(a.port).map((h) => [h.type, h.owner?.pid ?? null])).toEqual([
      ['appeared', a.pid],
      ['owner-died', null],
      ['owner-changed', b.pid],
      ['owner-died', null],
      ['released', null],
    ]);
  });

  it('a tick where nothing changed emits nothing and keeps the snapshot listeners quiet', async () => {
    const server = await startServer({}, { cwd: CLEAN });
    const { watcher, on } = watch({ watchedPorts: [server.port] });
    const snapshots: Snapshot[] = [];
    watcher.onDidChangeSnapshot((s) => snapshots.push(s));
    await watcher.tick();
    const mine = () => snapshots.map((s) => s.ports.find((p) => p.port === server.port)?.listener?.owner?.pid);
    const before = mine().length;
    await watcher.tick();
    await watcher.tick();
    expect(on(server.port)).toEqual([]);
    // Other files' servers may come and go meanwhile; ours must look the same in every snapshot.
    expect(new Set(mine().slice(before - 1))).toEqual(new Set([server.pid]));
    const status = watcher.snapshot!.ports.find((p) => p.port === server.port)!;
    expect(status).toMatchObject({ watched: true, severity: 'ok' });
    expect(status.verdicts.map((v) => v.kind)).toEqual(['healthy']);
  });

  it('names the launcher it saw earlier once the owner is orphaned', async () => {
    const { watcher, on } = watch();
    await watcher.tick();
    const script = `"${process.execPath}" "${SERVER_SCRIPT}" '{}' & wait`;
    const wrapper = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: CLEAN });
    track(wrapper.pid);
    const { pid, port } = await firstJsonLine<{ pid: number; port: number }>(wrapper);
    track(pid);
    await watcher.tick(); // sees the owner while its launcher is alive
    expect(on(port).map(brief)).toEqual([`appeared ${pid}`]);

    process.kill(wrapper.pid!, 'SIGKILL');
    await waitFor(() => !isAlive(wrapper.pid!) || undefined, 5000, 'the wrapper to die');
    const noticed = Date.now();
    await watcher.tick();

    const changed = on(port).filter((e) => e.type === 'verdict-changed');
    expect(changed.map(brief)).toEqual(['verdict-changed healthy->orphaned']);
    const orphaned = watcher.snapshot!.ports.find((p) => p.port === port)!.verdicts[0]!;
    expect(orphaned.explanation).toContain(`started by \`sh -c ${script}\``.slice(0, 40));
    expect(orphaned.explanation).toContain(`(PID ${wrapper.pid}), which exited at `);
    // Exit time as noticed by the watcher, in the user's local time (minutes may roll over).
    expect([clockTime(noticed), clockTime(Date.now())]).toContain(/exited at (\d\d:\d\d)/.exec(orphaned.explanation)![1]);
  });

  it('names `npm run dev` as the launcher when npm dies and the `sh -c` between it and the server lives on', async () => {
    const { watcher, on } = watch();
    await watcher.tick();
    const server = await startNpmDev({}, mkdtempSync(join(CLEAN, 'npm-')));
    await watcher.tick(); // sees npm while it is alive
    expect(on(server.port).map(brief)).toEqual([`appeared ${server.pid}`]);

    await killNpm(server);
    await watcher.tick();
    expect(
      on(server.port)
        .filter((e) => e.type === 'verdict-changed')
        .map(brief),
    ).toEqual(['verdict-changed healthy->orphaned']);
    const orphaned = watcher.snapshot!.ports.find((p) => p.port === server.port)!.verdicts[0]!;
    expect(orphaned.explanation).toContain(`started by \`npm run dev\` (PID ${server.npmPid}), which exited at `);
  });

  it('says when an owner is stopped, and when it runs again', async () => {
    const server = await startServer({}, { cwd: CLEAN });
    const { watcher, on } = watch();
    await watcher.tick();
    process.kill(server.pid, 'SIGSTOP');
    try {
      await waitFor(
        async () => (await watcher.tick()).ports.find((p) => p.port === server.port)?.listener?.owner?.state === 'stopped' || undefined,
      );
      process.kill(server.pid, 'SIGCONT');
      await waitFor(
        async () => (await watcher.tick()).ports.find((p) => p.port === server.port)?.listener?.owner?.state !== 'stopped' || undefined,
      );
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    expect(on(server.port).map(brief)).toEqual(['verdict-changed healthy->stopped', 'verdict-changed stopped->healthy']);
  });

  it('probes HTTP ports off the tick and reports a 404 wall when the answer lands', async () => {
    const server = await startServer({ mode: '404' }, { cwd: CLEAN });
    const { watcher, on } = watch({ httpPorts: [server.port], probeTimeoutMs: 500 });
    await watcher.tick();
    await watcher.idle();
    const status = watcher.snapshot!.ports.find((p) => p.port === server.port)!;
    expect(status.verdicts.map((v) => v.kind)).toEqual(['404-wall']);
    expect(status.severity).toBe('trouble');
    // The first snapshot (before any answer) is the baseline; the probe's verdict is news.
    expect(on(server.port).map(brief)).toEqual(['verdict-changed healthy->404-wall']);
    // Within probeIntervalMs the port is not probed again.
    await watcher.tick();
    await watcher.idle();
    expect(on(server.port)).toHaveLength(1);
  });

  it('notices a build rebuilt under a running owner at the slow evidence rate, with the deleted files it holds', async () => {
    const app = mkdtempSync(join(tmpdir(), 'pw-watch-app-'));
    try {
      mkdirSync(join(app, 'dist'));
      writeFileSync(join(app, 'dist', 'app.js'), 'old');
      const server = await startServer({ openFile: join(app, 'dist', 'app.js') }, { cwd: app });
      const watcher = createWatcher({ scanner: new LinuxPortTable(), settings: quiet, evidenceIntervalMs: 0 });
      watchers.push(watcher);
      const events: WatchEvent[] = [];
      watcher.onDidEmitEvent((e) => e.port === server.port && events.push(e));
      const first = await watcher.tick();
      const started = first.ports.find((p) => p.port === server.port)!.listener!.owner!.startTime;
      await waitFor(() => Date.now() > started + BUILD_SLACK_MS + 200 || undefined, 5000, 'time to pass');
      rmSync(join(app, 'dist'), { recursive: true });
      mkdirSync(join(app, 'dist'));
      writeFileSync(join(app, 'dist', 'app.js'), 'new');
      await watcher.tick();
      expect(events.map(brief)).toEqual(['verdict-changed healthy->stale-build']);
      const stale = watcher.snapshot!.ports.find((p) => p.port === server.port)!.verdicts[0]!;
      expect(stale.evidence).toMatchObject({ deletedFiles: { count: 1, files: [join(app, 'dist', 'app.js')] } });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('polls on its own, pauses, resumes and applies new settings without a restart', async () => {
    const { watcher, on } = watch({ pollIntervalMs: 250 });
    const snapshots: Snapshot[] = [];
    const unsubscribe = watcher.onDidChangeSnapshot((s) => snapshots.push(s));
    watcher.start();
    await waitFor(() => watcher.snapshot ?? undefined, 5000, 'a first snapshot');
    const server = await startServer({}, { cwd: CLEAN });
    // Every poll reads the whole table now, so a process of another suite that held this
    // ephemeral port a moment before our server may show up first: only our server's events count.
    const ours = () => on(server.port).filter((e) => brief(e).endsWith(` ${server.pid}`) || brief(e).includes(`>${server.pid}`));
    await waitFor(() => ours().length > 0 || undefined, 5000, 'the appeared event');
    expect(ours().map(brief)).toEqual([expect.stringMatching(new RegExp(`^(appeared|owner-changed \\d+->)\\s?${server.pid}$`))]);

    watcher.pause();
    expect(watcher.snapshot!.paused).toBe(true);
    expect(snapshots.at(-1)!.paused).toBe(true);
    expect(watcher.running).toBe(false);

    const free = server.port === 65535 ? server.port - 1 : server.port + 1;
    watcher.updateSettings({ ...quiet, pollIntervalMs: 250, watchedPorts: [free] });
    watcher.resume();
    const status = await waitFor(
      () => watcher.snapshot?.ports.find((p) => p.port === free && !watcher.snapshot?.paused),
      5000,
      'the newly watched port',
    );
    expect(status.watched).toBe(true);

    unsubscribe();
    const seen = snapshots.length;
    server.child.kill('SIGKILL');
    await waitFor(() => on(server.port).some((e) => e.type === 'released') || undefined, 5000, 'the released event');
    expect(snapshots.length).toBe(seen);
  });
});
