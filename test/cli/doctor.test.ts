import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { parseCapture } from '../../main/core/scan/capture/capture-format';
import { replayScanner } from '../../main/core/scan/capture/replay-scanner';
import { DarwinPortTable } from '../../main/core/scan/darwin/darwin-port-table';
import { runInProcess } from '../helpers/cli-run';
import { capturesDir } from '../helpers/captures';
import { killTracked, startServer } from '../helpers/processes';

const BIN = join(__dirname, '..', '..', 'bin', 'portwarden.js');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pw-doctor-')));
const SONOMA = new URL('sonoma-14.json', capturesDir('darwin')).pathname;
const WINDOWS = new URL('netstat-en-ps51.json', capturesDir('win32')).pathname;

afterAll(() => {
  killTracked();
  rmSync(dir, { recursive: true, force: true });
});

function portwarden(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: 60_000, env: { PATH: process.env.PATH, PORTWARDEN_HOME: dir, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

describe('portwarden --version and doctor', () => {
  it('--version prints the version line only', async () => {
    const run = await runInProcess(['--version']);
    expect(run).toEqual({ code: 0, out: `portwarden ${pkg.version}`, err: '' });
  });

  it('names platform, versions, adapter and the commands of one scan', async () => {
    const run = await runInProcess(['doctor', '--json'], { env: { PORTWARDEN_HOME: dir } });
    expect(run.code).toBe(0);
    const info = JSON.parse(run.out);
    expect(info).toMatchObject({ version: pkg.version, platform: process.platform, node: process.version, adapter: process.platform });
    expect(Array.isArray(info.commands)).toBe(true);
    const text = await runInProcess(['doctor'], { env: { PORTWARDEN_HOME: dir } });
    expect(text.out.split('\n')[0]).toBe(`portwarden ${pkg.version}`);
    expect(text.out).toMatch(/^node {7}v\d+/m);
    expect(text.out).toMatch(/^commands of one scan:$/m);
  });

  it.runIf(process.platform === 'linux')(
    'captures the real commands of the macOS adapter here, and the replay finds the same server',
    async () => {
      const cwd = realpathSync(mkdtempSync(join(dir, 'srv-')));
      const server = await startServer({ hosts: ['127.0.0.1'] }, { cwd });
      const file = join(dir, 'capture.json');
      const run = await runInProcess(['doctor', '--capture', file], { scanner: new DarwinPortTable(), env: { PORTWARDEN_HOME: dir } });
      expect(run.code).toBe(0);
      expect(run.err).toMatch(
        new RegExp(`^portwarden doctor: wrote ${file} \\(\\d+ commands, \\d+ listeners\\); your home folder is written as ~`),
      );
      const capture = parseCapture(readFileSync(file, 'utf8'), file);
      expect(capture).toMatchObject({ platform: 'darwin', source: 'portwarden doctor --capture (the darwin adapter, run on linux)' });
      const lsof = capture.commands.find((c) => c.cmd === 'lsof' && c.args.includes('-sTCP:LISTEN'))!;
      expect(lsof.args.slice(0, 2)).toEqual(['-b', '-w']);
      expect(lsof.stdout).toContain(`p${server.pid}\n`);
      expect(capture.commands.every((c) => typeof c.durationMs === 'number' && ('error' in c || c.code !== undefined))).toBe(true);
      expect(run.out).toContain('lsof -b -w -nP -iTCP -sTCP:LISTEN -FpgRcuLftnT');

      const replayed = (await replayScanner(capture, file).scan()).find((l) => l.port === server.port);
      expect(replayed?.owner).toMatchObject({ pid: server.pid, cwd });
    },
  );

  it('replays a capture: the captured adapter, its commands, and a line saying none of it is here', async () => {
    const run = await runInProcess(['doctor', '--replay', SONOMA], { env: { PORTWARDEN_HOME: dir } });
    expect(run.code).toBe(0);
    expect(run.err).toMatch(
      /^portwarden doctor: replaying .*sonoma-14\.json, captured 2023-11-14T21:05:00\.000Z on darwin 23\.4\.0 \(macOS 14\)/,
    );
    expect(run.out).toMatch(/^adapter {4}darwin: one `netstat -anvl -p tcp` per poll/m);
    expect(run.out).toMatch(/^replay {5}.*sonoma-14\.json \(darwin 23\.4\.0 \(macOS 14\)\): nothing below is on this machine$/m);
    expect(run.out).toMatch(/^listeners {2}8$/m);
    expect(run.out).toMatch(/^ {2}netstat -anvl -p tcp {2}\(exit 0, 14 lines/m);
  });

  it('refuses a bad capture in one line with exit 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"portwarden-capture","version":1}');
    const run = await runInProcess(['doctor', '--replay', bad], { env: { PORTWARDEN_HOME: dir } });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^portwarden doctor: .*bad\.json is not a Portwarden capture: source: .*; make one with `portwarden doctor --capture FILE`$/,
    );
    expect(run.err.split('\n')).toHaveLength(1);
    const both = await runInProcess(['doctor', '--replay', bad, '--capture', bad]);
    expect(both.code).toBe(2);
  });
});

describe('PORTWARDEN_REPLAY', () => {
  it('runs ls --json against a macOS capture on any OS, without probing this machine', async () => {
    const run = await portwarden(['ls', '--all', '--json'], { PORTWARDEN_REPLAY: SONOMA });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { listeners } = JSON.parse(run.stdout);
    expect(listeners.map((l: { port: number }) => l.port)).toEqual([3000, 3306, 4567, 5000, 5173, 5432, 7000, 8080]);
    const next = listeners.find((l: { port: number }) => l.port === 3000);
    expect(next.owner).toMatchObject({ pid: 4242, cwd: '~/shop', user: 'alice' });
    expect(JSON.stringify(next.verdicts)).not.toMatch(/not-answering|404-wall/);
  });

  it('runs who against a Windows capture', async () => {
    const run = await portwarden(['who', '3000', '--json'], { PORTWARDEN_REPLAY: WINDOWS });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).listeners[0].owner).toMatchObject({ pid: 8120, name: 'node.exe' });
  });

  it('refuses commands that act on this machine, and a bad file, with exit 2', async () => {
    const kill = await portwarden(['kill', '3000'], { PORTWARDEN_REPLAY: SONOMA });
    expect(kill.code).toBe(2);
    expect(kill.stderr).toBe(
      "portwarden kill: PORTWARDEN_REPLAY is set, and kill would act on this machine's processes, not the capture's; unset PORTWARDEN_REPLAY\n",
    );
    const missing = await portwarden(['ls'], { PORTWARDEN_REPLAY: join(dir, 'nope.json') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^portwarden: PORTWARDEN_REPLAY: cannot read the capture .*nope\.json \(ENOENT\)\n$/);
  });
});
