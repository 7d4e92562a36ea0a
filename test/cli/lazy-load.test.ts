import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killTracked, type StartedServer, startServer } from '../helpers/processes';

// Not a timing test: what `portwarden who` loads is what makes it start fast, so that is what is
// checked. A hook preloaded into the real CLI process reports, at exit, every package file in
// require's cache and whether node:child_process was loaded.
const BIN = join(__dirname, '..', '..', 'bin', 'portwarden.js');
const HOOK = `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify({
  packages: [...new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))],
  childProcess: process.moduleLoadList.includes('NativeModule child_process'),
}) + '\\n'));`;

let dir: string;
let server: StartedServer;

function who(home: string): { packages: string[]; childProcess: boolean; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', join(dir, 'hook.cjs'), BIN, 'who', String(server.port)], {
    env: { ...process.env, PORTWARDEN_HOME: home },
    encoding: 'utf8',
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (run.status !== 0 || !line) throw new Error(`who exited with ${run.status}: ${run.stderr}`);
  return {
    ...(JSON.parse(line.slice('LOADED '.length)) as { packages: string[]; childProcess: boolean }),
    stdout: run.stdout,
    stderr: run.stderr,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-lazy-'));
  writeFileSync(join(dir, 'hook.cjs'), HOOK);
  server = await startServer();
});

afterAll(() => {
  killTracked();
  rmSync(dir, { recursive: true, force: true });
});

describe('portwarden who loads only what it uses', () => {
  it('without a settings file: no zod, no systeminformation, no node:child_process, no koffi (one procfs read is cheaper)', () => {
    const run = who(join(dir, 'empty'));
    expect(run.stdout).toContain(`PID ${server.pid}`);
    expect(run.packages).not.toContain('zod');
    expect(run.packages).not.toContain('koffi');
    expect(run.packages).not.toContain('systeminformation');
    expect(run.childProcess).toBe(false);
  });

  it('with a valid settings file: checked without zod, and its values are used', () => {
    const home = join(dir, 'configured');
    mkdirSync(home);
    writeFileSync(
      join(home, 'settings.json'),
      `{ "pollIntervalMs": 1000, "recipes": { "${server.port}": { "command": "npm start", "cwd": "/srv/app" } } }\n`,
    );
    const run = who(home);
    expect(run.stdout).toContain(`PID ${server.pid}`);
    expect(run.packages).not.toContain('zod');
    expect(run.packages).not.toContain('systeminformation');
  });

  it('with an invalid settings file, zod words the problem, so it is loaded (the hook sees what it must)', () => {
    const home = join(dir, 'invalid');
    mkdirSync(home);
    writeFileSync(join(home, 'settings.json'), '{ "pollIntervalMs": 10 }\n');
    const run = who(home);
    expect(run.stdout).toContain(`PID ${server.pid}`);
    expect(run.stderr).toContain('pollIntervalMs: must be at least 250');
    expect(run.packages).toContain('zod');
  });
});
