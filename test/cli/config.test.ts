import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/settings/schema';
import { runWithHome } from '../helpers/cli-run';
import { type Bundle, bundleForAnotherUser, runNodeAsNobody } from '../helpers/run-as-nobody';
import { asAnotherUser } from '../helpers/platform';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const cli = (...argv: string[]) => runWithHome(home, argv);

const file = () => join(home, 'settings.json');
const onDisk = () => JSON.parse(readFileSync(file(), 'utf8'));

describe('portwarden config', () => {
  it('path prints where the settings file lives (plain and --json)', async () => {
    expect(await cli('config', 'path')).toEqual({ code: 0, out: file(), err: '' });
    expect(JSON.parse((await cli('config', 'path', '--json')).out)).toEqual({ path: file() });
  });

  it('show prints the defaults when there is no file, and the file once written', async () => {
    const first = JSON.parse((await cli('config', 'show', '--json')).out);
    expect(first).toEqual({ path: file(), settings: defaultSettings(), warning: null });
    writeFileSync(file(), JSON.stringify({ pollIntervalMs: 750 }));
    const shown = await cli('config', 'show');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`# ${file()}`);
    expect(shown.out).toContain('"pollIntervalMs": 750');
  });

  it('set parses JSON values (numbers, arrays with ranges) and writes the file', async () => {
    expect(await cli('config', 'set', 'pollIntervalMs', '500')).toMatchObject({ code: 0, err: '' });
    expect(onDisk().pollIntervalMs).toBe(500);
    const result = await cli('config', 'set', 'watchedPorts', '[3000,"5173-5180"]', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ path: file(), key: 'watchedPorts', value: [3000, '5173-5180'] });
    expect(onDisk()).toMatchObject({ pollIntervalMs: 500, watchedPorts: [3000, '5173-5180'] });
    // Nothing left behind by the atomic write.
    expect(readdirSync(home)).toEqual(['settings.json']);
  });

  it('set takes text that is not JSON as a string, and nested keys for recipes', async () => {
    expect((await cli('config', 'set', 'probePath', '/health')).code).toBe(0);
    expect(onDisk().probePath).toBe('/health');
    const recipe = await cli('config', 'set', 'recipes.3000', '{"command":"npm run dev","cwd":"/srv/app"}');
    expect(recipe.code).toBe(0);
    expect((await cli('config', 'set', 'recipes.3000.probePath', '/api/health')).code).toBe(0);
    expect(onDisk().recipes).toEqual({ '3000': { command: 'npm run dev', cwd: '/srv/app', probePath: '/api/health' } });
  });

  it('refuses a bad value with one line naming the key and the rule, exit 2, and leaves the file alone', async () => {
    await cli('config', 'set', 'pollIntervalMs', '500');
    const before = readFileSync(file(), 'utf8');
    const bad = await cli('config', 'set', 'watchedPorts', '[70000]');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err.split('\n')).toHaveLength(1);
    expect(bad.err).toContain('watchedPorts[0]: a port is at most 65535');
    expect((await cli('config', 'set', 'pollIntervalMs', 'fast')).err).toMatch(/pollIntervalMs: must be a number/);
    expect((await cli('config', 'set', 'probePath', 'health')).err).toContain('probePath: the probe path starts with "/"');
    const recipe = await cli('config', 'set', 'recipes.3000.command', 'npm start');
    expect(recipe.code).toBe(2);
    expect(recipe.err).toContain('recipes.3000.cwd');
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('rejects unknown keys and wrong usage with exit 2 and the usage line', async () => {
    const typo = await cli('config', 'set', 'pollInterval', '500');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('unknown setting "pollInterval"');
    expect(typo.err).toContain('pollIntervalMs');
    expect((await cli('config', 'set', 'pollIntervalMs')).code).toBe(2);
    expect((await cli('config', 'frobnicate')).err).toContain('usage: portwarden config');
    expect((await cli('config')).code).toBe(2);
  });

  it('says so when the file on disk was broken, and keeps the broken copy', async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(file(), '{ "pollIntervalMs": ');
    const result = await cli('config', 'set', 'pollIntervalMs', '2000');
    expect(result.code).toBe(0);
    expect(result.err).toContain('is not valid JSON');
    expect(onDisk().pollIntervalMs).toBe(2000);
    expect(readdirSync(home).some((f) => f.startsWith('settings.json.bad-'))).toBe(true);
  });
});

// The installed CLI as separate processes, the way a user's scripts or two terminals run it
// (dist/cli.js is built by `npm test`).
const BIN = join(__dirname, '..', '..', 'bin', 'portwarden.js');
function portwarden(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: 60_000, env: { PATH: process.env.PATH, PORTWARDEN_HOME: home } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

describe('portwarden config set from many processes at once', () => {
  const changes: Array<[string, string, unknown]> = [
    ['pollIntervalMs', '500', 500],
    ['probePath', '/health', '/health'],
    ['probeTimeoutMs', '1500', 1500],
    ['probeIntervalMs', '20000', 20000],
    ['killGraceMs', '1000', 1000],
    ['restartTimeoutMs', '20000', 20000],
    ['notifications', 'false', false],
    ['httpPorts', '[3000]', [3000]],
    ['buildDirs', '["dist"]', ['dist']],
    ['watchedPorts', '[3000,"5173-5180"]', [3000, '5173-5180']],
  ];

  it('ten `config set` of ten keys at once: all exit 0 and all ten changes survive', async () => {
    const runs = await Promise.all(changes.map(([key, text]) => portwarden('config', 'set', key, text)));
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
    const saved = onDisk();
    for (const [key, , value] of changes) expect(saved[key]).toEqual(value);
    expect(readdirSync(home)).toEqual(['settings.json']);
  });

  it('takes over the lock of a `config set` that died holding it', async () => {
    // A real process that has exited stands in for a CLI killed mid-write: its PID is free now.
    const dead = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
    writeFileSync(`${file()}.lock`, JSON.stringify({ pid: dead, start: '1', nonce: 'crashed' }));
    // Dated a minute ahead, the lock cannot pass as old however slow this machine is: only its dead
    // holder can make the CLI take it over (the lock's wait gives up after 8 s).
    const ahead = new Date(Date.now() + 60_000);
    utimesSync(`${file()}.lock`, ahead, ahead);
    expect(await portwarden('config', 'set', 'killGraceMs', '1500')).toMatchObject({ code: 0, stderr: '' });
    expect(onDisk().killGraceMs).toBe(1500);
    expect(existsSync(`${file()}.lock`)).toBe(false);
  });

  it('writes through a symlinked settings.json and keeps the link', async () => {
    mkdirSync(join(home, 'dotfiles'));
    writeFileSync(join(home, 'dotfiles', 'pw.json'), '{"probePath": "/kept"}');
    symlinkSync(join(home, 'dotfiles', 'pw.json'), file());
    expect((await portwarden('config', 'set', 'pollIntervalMs', '750')).code).toBe(0);
    expect(lstatSync(file()).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(home, 'dotfiles', 'pw.json'), 'utf8'))).toMatchObject({ probePath: '/kept', pollIntervalMs: 750 });
  });

  it('refuses a settings file over 1 MiB in one line, exit 1, and leaves it as it was', async () => {
    const big = `{"pad": "${'x'.repeat(1024 * 1024)}"}`;
    writeFileSync(file(), big);
    const run = await portwarden('config', 'set', 'pollIntervalMs', '750');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining(`pollIntervalMs was not saved: settings ${file()} is ${big.length} bytes, over the 1 MiB limit`),
    ]);
    expect(readFileSync(file(), 'utf8')).toBe(big);
  });
});

// Root reads and writes anything: a file this user cannot read, or a folder it cannot write,
// needs the CLI run as nobody.
asAnotherUser().describe('portwarden config as a user without access', () => {
  let cliBundle: Bundle;
  beforeAll(async () => {
    // setpriv runs it with PATH alone: the first argument is the home folder.
    cliBundle = await bundleForAnotherUser({
      source: "process.env.PORTWARDEN_HOME = process.argv.splice(2, 1)[0];\nrequire('./main/cli/index');\n",
    });
  });
  afterAll(() => cliBundle.dispose());

  const asNobody = (dir: string, ...argv: string[]) => runNodeAsNobody(cliBundle.file, [dir, ...argv]);

  it('set refuses to write over a settings file it could not read, and the file keeps what it had', async () => {
    chmodSync(home, 0o777);
    writeFileSync(file(), JSON.stringify({ pollIntervalMs: 500 }), { mode: 0o600 });
    const run = await asNobody(home, 'config', 'set', 'killGraceMs', '1000');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`could not read settings ${file()} (EACCES)`);
    expect(run.stderr).toContain('killGraceMs was not saved');
    expect(onDisk()).toEqual({ pollIntervalMs: 500 });
  });

  it('set says where and why it could not save, in one line, exit 1', async () => {
    chmodSync(home, 0o755);
    const run = await asNobody(home, 'config', 'set', 'killGraceMs', '1000');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`killGraceMs was not saved: could not write ${file()} (EACCES)`),
    ]);
    expect(run.stderr).not.toContain('.tmp');
  });
});
