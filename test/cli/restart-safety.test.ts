import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createScanner } from '../../main/core/scan';
import { parseTracked, runWithHome } from '../helpers/cli-run';
import { startHeirServer } from '../helpers/heir';
import { asAnotherUser, linuxOnly } from '../helpers/platform';
import { firstJsonLine, freePort, isAlive, killTracked, SERVER_SCRIPT, spawnTracked, startServer, track } from '../helpers/processes';
import { setprivAs } from '../helpers/run-as-nobody';

// A restart never harms: it checks before the first signal that it can start, leaves nothing of
// an heir-forking tree, and never runs another user's server with root's rights or their code.

const home = mkdtempSync(join(tmpdir(), 'pw-restart-safety-'));
const scanner = createScanner();
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const ownerOf = async (port: number) => (await scanner.scan({ fresh: true })).find((l) => l.port === port)?.owner ?? null;

linuxOnly('reads /proc for owners and process groups').describe('restart checks before it kills', () => {
  it('--cwd /missing, --cwd a file, and `-- no-such-command`: exit 2, one line, and the old server still runs', async () => {
    const port = await freePort();
    const s = await startServer({ port });
    const file = join(home, 'a-file');
    writeFileSync(file, 'x');
    const cases: Array<[string[], string]> = [
      [['--cwd', '/missing'], '--cwd /missing does not exist; nothing was killed'],
      [['--cwd', file], `--cwd ${file} is not a directory; nothing was killed`],
      [['--', 'no-such-command', '--port', String(port)], '`no-such-command`: no-such-command is not on PATH'],
    ];
    for (const [args, line] of cases) {
      const run = await runWithHome(home, ['restart', String(port), ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toContain(`portwarden restart: ${line}`);
      expect(isAlive(s.pid)).toBe(true);
      expect((await ownerOf(port))?.pid).toBe(s.pid);
    }
  });

  it('restarts an heir-forking server: the heir dies too, and the new owner is verified', async () => {
    const s = await startHeirServer();
    const run = await runWithHome(home, [
      'restart',
      String(s.port),
      '--cwd',
      tmpdir(),
      '--json',
      '--',
      process.execPath,
      SERVER_SCRIPT,
      JSON.stringify({ port: s.port }),
    ]);
    const json = parseTracked(run.out);
    const heir = await s.heir;
    expect(run.code, run.out).toBe(0);
    expect(json.new!.pid).not.toBe(s.pid);
    expect(json.new!.pid).not.toBe(heir);
    expect(isAlive(heir) && (await scanner.get(heir))?.state !== 'zombie').toBe(false);
    expect((await ownerOf(s.port))?.pid).toBe(json.new!.pid);
  });
});

asAnotherUser().describe("restart of another user's server, as root", () => {
  it('runs it as that user with a clean environment: NODE_OPTIONS=--require evil.js never runs as root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-evil-'));
    chmodSync(dir, 0o777);
    const marker = join(dir, 'marker');
    const evil = join(dir, 'evil.js');
    writeFileSync(evil, `require('fs').appendFileSync(${JSON.stringify(marker)}, process.getuid() + '\\n');`);
    chmodSync(evil, 0o644);
    const port = await freePort();
    const child = spawnTracked('setpriv', [...setprivAs('nobody'), process.execPath, SERVER_SCRIPT, JSON.stringify({ port })], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_OPTIONS: `--require ${evil}`, LD_LIBRARY_PATH: dir },
    });
    const old = await firstJsonLine<{ pid: number }>(child);
    track(old.pid);
    expect(readFileSync(marker, 'utf8')).toBe('65534\n');

    const run = await runWithHome(home, ['restart', String(port), '--json']);
    const json = parseTracked(run.out);
    expect(run.code, run.out).toBe(0);
    const env = json.timeline.find((s) => s.step === 'environment')!.detail;
    expect(env).toContain('runs as nobody (uid 65534');
    expect(env).toContain('clean environment');
    expect(env).toContain('never passed on: LD_LIBRARY_PATH, NODE_OPTIONS');
    expect(json.recipe!.envKeys).not.toContain('NODE_OPTIONS');
    const owner = await ownerOf(port);
    expect(owner?.pid).toBe(json.new!.pid);
    expect(owner?.uid).toBe(65534);
    expect(readFileSync(`/proc/${json.new!.pid}/environ`, 'utf8')).not.toContain('NODE_OPTIONS');
    // Only the old server's own line: evil.js ran neither as root nor at all in the new server.
    expect(readFileSync(marker, 'utf8')).toBe('65534\n');
    rmSync(dir, { recursive: true, force: true });
  });
});
