import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from './processes';

// The suite must not depend on who launched it. Run a slice that starts plain servers and judges
// them (evidence and verdicts) from a detached session whose launcher has exited, the way
// `setsid bash -c '(npm test > log 2>&1 &)'` does: before the test servers led their own
// sessions, every plain server there was judged `orphaned`.
const ROOT = join(__dirname, '..', '..');
const SLICE = ['test/core/evidence/evidence.test.ts', 'test/core/watcher/assess.test.ts'];

const dir = mkdtempSync(join(tmpdir(), 'pw-hermetic-'));
let group: number | undefined;
afterAll(() => {
  // The launcher led the session and its process group; everything the slice left is in it.
  if (group) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // all gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('a hermetic suite', () => {
  it('passes from a detached session whose launcher has exited', { timeout: 150_000 }, async () => {
    const log = join(dir, 'log');
    const rc = join(dir, 'rc');
    // The nested run must not think it is a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(__)?VITEST/.test(k) && k !== 'NODE_OPTIONS'));
    const script = `(npx vitest run --maxWorkers=1 ${SLICE.join(' ')} > '${log}' 2>&1; echo $? > '${rc}') &`;
    const launcher = spawn('setsid', ['bash', '-c', script], { cwd: ROOT, env, stdio: 'ignore' });
    group = launcher.pid;
    await new Promise((resolve) => launcher.once('exit', resolve));
    // The session leader is gone while the slice runs: the situation under test.
    expect(isAlive(launcher.pid!)).toBe(false);
    expect(existsSync(rc)).toBe(false);
    await waitFor(() => existsSync(rc) || undefined, 140_000, 'the detached slice to finish');
    const output = readFileSync(log, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    expect(output).not.toContain('FAIL');
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    expect(output).toMatch(/Test Files\s+2 passed/);
  });
});
