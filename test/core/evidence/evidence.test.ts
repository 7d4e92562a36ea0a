import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUILD_SLACK_MS } from '../../../main/core/evidence';
import { gatherEvidence } from '../../../main/core/evidence';
import { loopbackHost, probeHttp } from '../../../main/core/evidence';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultSettings } from '../../../main/core/settings/schema';
import type { Listener } from '../../../main/core/types';
import { computeVerdicts } from '../../../main/core/verdicts';
import {
  firstJsonLine,
  isAlive,
  killTracked,
  SERVER_SCRIPT,
  startOrphanedServer,
  startServer,
  track,
  waitFor,
  type ServerConfig,
} from '../../helpers/processes';
import { killNpm, startNpmDev } from '../../fixtures/servers/npm-dev';
import { linuxOnly } from '../../helpers/platform';

// A directory with no build output: a rebuild of the repository's dist/ while these servers run must
// not turn them into stale builds.
const CLEAN = mkdtempSync(join(tmpdir(), 'pw-clean-cwd-'));
afterAll(() => rmSync(CLEAN, { recursive: true, force: true }));

const scanner = new LinuxPortTable();
const dirs: string[] = [];
afterEach(killTracked);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function listenerOn(port: number): Promise<Listener> {
  return waitFor(async () => (await scanner.scan()).find((l) => l.port === port && l.owner), 5000, `a listener on ${port}`);
}

async function assess(port: number, probeTimeoutMs = 500) {
  const listener = await listenerOn(port);
  const evidence = (await gatherEvidence(listener, {
    source: scanner,
    settings: { ...defaultSettings(), httpPorts: [port] },
    probeTimeoutMs,
  }))!;
  return { listener, evidence, verdicts: computeVerdicts(evidence) };
}

const kinds = (v: { kind: string }[]) => v.map((x) => x.kind).sort();

/** Starts `sh -c script` and reads the fixture server's JSON line even after sh itself has exited. */
async function viaShell(script: string): Promise<{ pid: number; port: number; shellPid: number }> {
  const sh = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: CLEAN });
  track(sh.pid);
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed nothing within 10 s')), 10_000);
    createInterface({ input: sh.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  const info = JSON.parse(line) as { pid: number; port: number };
  track(info.pid);
  return { ...info, shellPid: sh.pid! };
}

const serverCommand = (cfg: ServerConfig) => `"${process.execPath}" "${SERVER_SCRIPT}" '${JSON.stringify(cfg)}'`;

linuxOnly('reads /proc and runs the setsid binary').describe('evidence and verdicts from real processes', () => {
  it('a plain server started by a live parent is healthy and answers the probe', async () => {
    const server = await startServer({}, { cwd: CLEAN });
    const { verdicts, evidence } = await assess(server.port);
    expect(kinds(verdicts)).toEqual(['healthy']);
    expect(evidence.probe).toMatchObject({ outcome: 'answered', status: 200, url: `http://127.0.0.1:${server.port}/` });
    expect(evidence.ancestry?.parent?.pid).toBe(process.pid);
  });

  it('a server whose wrapper was SIGKILLed is orphaned, and the explanation says why', async () => {
    const server = await startOrphanedServer({}, CLEAN);
    const { verdicts, evidence } = await assess(server.port);
    expect(kinds(verdicts)).toEqual(['orphaned']);
    // Adopted by PID 1 here; on a desktop by `systemd --user`: either is an adopter.
    expect(evidence.ancestry?.adoptedBy).not.toBeNull();
    expect(evidence.ancestry?.sid).toBe(server.wrapperPid);
    expect(evidence.ancestry?.sessionLeaderAlive).toBe(false);
    expect(verdicts[0]!.explanation).toContain(`session leader (PID ${server.wrapperPid}) is gone`);
    expect(verdicts[0]!.evidence).toHaveProperty('ancestry');
  });

  it('`npm run dev` → sh → node: healthy while npm lives; orphaned once npm is SIGKILLed and init adopts the shell', async () => {
    const server = await startNpmDev({}, mkdtempSync(join(tmpdir(), 'pw-npm-dev-')));
    dirs.push(server.dir);
    const before = await assess(server.port);
    expect(kinds(before.verdicts)).toEqual(['healthy']);

    await killNpm(server);
    const { verdicts, evidence } = await assess(server.port);
    // The server's own parent, the shell, is alive: the shell is what was adopted.
    expect(evidence.ancestry?.parent?.name).toBe('sh');
    expect(evidence.ancestry?.wrapper).toMatchObject({ pid: evidence.ancestry!.parent!.pid, name: 'sh' });
    expect(evidence.ancestry?.adoptedBy).not.toBeNull();
    expect(evidence.ancestry?.groupLeaderAlive).toBe(false);
    expect(kinds(verdicts)).toEqual(['orphaned']);
    // npm led its own session here, as a job run by a terminal leads its group. The shell is the
    // server's parent: what was adopted is named once, as the parent, not as a lost one.
    expect(verdicts[0]!.explanation).toMatch(
      new RegExp(
        `^orphaned: its parent \`sh -c .*\` \\(PID ${evidence.ancestry!.parent!.pid}\\) was adopted by .* after its session leader \\(PID ${server.npmPid}\\) exited: this process tree outlived the terminal that started it$`,
      ),
    );
  });

  it('an orphan that rewrote its process title (next-server) is explained by its cwd', async () => {
    const script = join(CLEAN, 'next-like.cjs');
    writeFileSync(
      script,
      "process.title = 'next-server (v15.1.0)';\n" +
        "const s = require('node:http').createServer((q, r) => r.end('ok'));\n" +
        's.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ pid: process.pid, port: s.address().port })));\n',
    );
    const wrapper = spawn('sh', ['-c', `"${process.execPath}" next-like.cjs & wait`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      cwd: CLEAN,
    });
    track(wrapper.pid);
    const { pid, port } = await firstJsonLine<{ pid: number; port: number }>(wrapper);
    track(pid);
    process.kill(wrapper.pid!, 'SIGKILL');
    await waitFor(() => !isAlive(wrapper.pid!) || undefined, 5000, 'the wrapper to die');
    const { verdicts, evidence } = await assess(port);
    expect(evidence.owner).toMatchObject({ command: 'next-server (v15.1.0)', titleRewritten: true });
    expect(kinds(verdicts)).toEqual(['orphaned']);
    expect(verdicts[0]!.explanation).toContain(`orphaned (\`next-server (v15.1.0)\` in ${CLEAN})`);
  });

  it('a daemon started with setsid by a live parent is not orphaned', async () => {
    const child = spawn('setsid', [process.execPath, SERVER_SCRIPT, '{}'], { stdio: ['ignore', 'pipe', 'inherit'], cwd: CLEAN });
    track(child.pid);
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const { pid, port } = JSON.parse(line) as { pid: number; port: number };
    track(pid);
    const { verdicts, evidence } = await assess(port);
    expect(evidence.ancestry).toMatchObject({ daemon: true, sid: pid, pgid: pid });
    expect(kinds(verdicts)).toEqual(['healthy']);
  });

  it('a daemon started with setsid whose launcher has exited is not orphaned either', async () => {
    const server = await viaShell(`setsid ${serverCommand({})} & exit 0`);
    await waitFor(() => !isAlive(server.shellPid) || undefined, 5000, 'the launching shell to exit');
    const { verdicts, evidence } = await assess(server.port);
    expect(evidence.ancestry?.parent?.pid).not.toBe(server.shellPid);
    expect(evidence.ancestry?.daemon).toBe(true);
    expect(kinds(verdicts)).toEqual(['healthy']);
  });

  it('a server stopped with SIGSTOP is stopped and not answering', async () => {
    const server = await startServer({}, { cwd: CLEAN });
    await listenerOn(server.port);
    process.kill(server.pid, 'SIGSTOP');
    try {
      const { verdicts } = await waitFor(async () => {
        const a = await assess(server.port, 300);
        return a.evidence.owner.state === 'stopped' ? a : undefined;
      });
      expect(kinds(verdicts)).toEqual(['not-answering', 'stopped']);
      expect(verdicts.find((v) => v.kind === 'stopped')!.explanation).toContain(`kill -CONT ${server.pid}`);
      expect(verdicts.find((v) => v.kind === 'not-answering')!.explanation).toContain('no answer within 300 ms');
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
  });

  it('a server that accepts and never answers is not answering', async () => {
    const server = await startServer({ mode: 'hang' }, { cwd: CLEAN });
    const { verdicts } = await assess(server.port, 300);
    expect(kinds(verdicts)).toEqual(['not-answering']);
  });

  it('a server that answers 404 to everything is a 404 wall', async () => {
    const server = await startServer({ mode: '404', hosts: ['::'] }, { cwd: CLEAN });
    const { verdicts, evidence } = await assess(server.port);
    expect(kinds(verdicts)).toEqual(['404-wall']);
    // A wildcard IPv6 bind is probed on ::1, never on another address.
    expect(evidence.probe?.url).toBe(`http://[::1]:${server.port}/`);
  });

  it('a server whose dist/ was deleted and rebuilt after it started has a stale build and holds deleted files', async () => {
    const app = mkdtempSync(join(tmpdir(), 'portwarden-app-'));
    dirs.push(app);
    mkdirSync(join(app, 'dist'));
    writeFileSync(join(app, 'dist', 'app.js'), 'old build');
    const server = await startServer({ openFile: join(app, 'dist', 'app.js') }, { cwd: app });
    const before = await assess(server.port);
    expect(kinds(before.verdicts)).toEqual(['healthy']);

    // Rebuild clearly after the start, as `next build` under a running `next start`.
    const started = before.listener.owner!.startTime;
    await waitFor(() => Date.now() > started + BUILD_SLACK_MS + 200 || undefined, 5000, 'time to pass');
    rmSync(join(app, 'dist'), { recursive: true });
    mkdirSync(join(app, 'dist'));
    writeFileSync(join(app, 'dist', 'app.js'), 'new build');

    const { verdicts, evidence } = await assess(server.port);
    expect(kinds(verdicts)).toEqual(['stale-build']);
    expect(evidence.build?.changed.map((c) => c.name)).toEqual(['dist']);
    expect(evidence.deletedFiles).toMatchObject({ count: 1, files: [join(app, 'dist', 'app.js')] });
    expect(verdicts[0]!.explanation).toMatch(/`dist` rebuilt \d+s after this server started/);
    expect(verdicts[0]!.explanation).toContain('holds 1 deleted file');
  });
});

describe('probe target', () => {
  it.each<[string[], string | null]>([
    [['127.0.0.1'], '127.0.0.1'],
    [['127.0.0.53'], '127.0.0.53'],
    [['0.0.0.0'], '127.0.0.1'],
    [['::'], '::1'],
    [['::1'], '::1'],
    [['0.0.0.0', '::'], '127.0.0.1'],
    [['::ffff:127.0.0.1'], '127.0.0.1'],
    [['192.168.1.20'], null],
    [['fe80::1'], null],
  ])('%j → %s', (addresses, host) => {
    expect(loopbackHost(addresses)).toBe(host);
  });

  it.each<[string, (socket: Socket) => void, string, number | null]>([
    ['closes without answering', (s) => s.end(), 'reset', null],
    ['speaks another protocol', (s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'), 'error', null],
    [
      'answers in pieces',
      (s) =>
        s.once('data', () => {
          s.write('HTTP/1.1 4');
          setTimeout(() => s.end('04 Not Found\r\n\r\n'), 20);
        }),
      'answered',
      404,
    ],
  ])('a server that %s', async (_what, onConnection, outcome, status) => {
    const server = createServer(onConnection);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await probeHttp({ port, addresses: ['127.0.0.1'], path: '/', timeoutMs: 2000 });
      expect(result).toMatchObject({ outcome, status, url: `http://127.0.0.1:${port}/` });
    } finally {
      server.close();
    }
  });

  it('never sends a probe to a non-loopback address', async () => {
    const result = await probeHttp({ port: 80, addresses: ['10.1.2.3'], path: '/', timeoutMs: 100 });
    expect(result).toMatchObject({ outcome: 'skipped', url: null });
    expect(result.detail).toContain('loopback only');
  });
});
