import { describe, expect, it } from 'vitest';
import { guardCommands } from '../../../main/core/scan/command-guard';
import { type CommandResult, type RunCommand, spawnCommand, stdoutOf } from '../../../main/core/scan/run-command';

/** A runner whose commands finish only when the test says, recording how many run at once. */
function slowRunner() {
  let running = 0;
  let most = 0;
  const started: string[] = [];
  const finish: Array<() => void> = [];
  const run: RunCommand = (cmd, args) =>
    new Promise<CommandResult>((resolve) => {
      started.push([cmd, ...args].join(' '));
      most = Math.max(most, ++running);
      finish.push(() => {
        running--;
        resolve({ stdout: `${cmd} ${args.join(' ')}\n`, stderr: '', code: 0, durationMs: 1 });
      });
    });
  return { run, started, finish, most: () => most };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('guardCommands', () => {
  it('shares one run between callers of the same command line', async () => {
    const slow = slowRunner();
    const run = guardCommands(slow.run);
    const a = run('lsof', ['-iTCP']);
    const b = run('lsof', ['-iTCP']);
    await tick();
    expect(slow.started).toEqual(['lsof -iTCP']);
    slow.finish[0]!();
    expect(await a).toBe(await b);
    run('lsof', ['-iTCP']);
    await tick();
    expect(slow.started).toHaveLength(2);
  });

  it('never lets two lsof run at once, while other programs go in parallel', async () => {
    const slow = slowRunner();
    const run = guardCommands(slow.run);
    const calls = [run('lsof', ['-iTCP']), run('lsof', ['-p', '1']), run('ps', ['-p', '1']), run('lsof', ['-p', '2'])];
    await tick();
    expect(slow.started).toEqual(['lsof -iTCP', 'ps -p 1']);
    for (let i = 0; i < 4; i++) {
      slow.finish[i]!();
      await tick();
    }
    await Promise.all(calls);
    expect(slow.started).toEqual(['lsof -iTCP', 'ps -p 1', 'lsof -p 1', 'lsof -p 2']);
    expect(slow.most()).toBe(2);
  });

  it('lets the next command run after one that failed', async () => {
    let n = 0;
    const run = guardCommands(async () => {
      if (n++ === 0) throw new Error('lsof timed out');
      return { stdout: 'ok', stderr: '', code: 0, durationMs: 1 };
    });
    await expect(run('lsof', ['a'])).rejects.toThrow('lsof timed out');
    expect((await run('lsof', ['b'])).stdout).toBe('ok');
  });
});

describe('spawnCommand', () => {
  it('kills a command that outlives its timeout and says so in one line', async () => {
    const started = Date.now();
    const err = await spawnCommand('sleep', ['30'], { timeoutMs: 300 }).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((err as Error).message).toMatch(/^sleep timed out after 0\.3 s and was killed \(.*\); try again, or see `portwarden doctor`$/);
  });

  it('returns exit code, stdout and stderr, and names a command that is not installed', async () => {
    const r = await spawnCommand('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', code: 3 });
    expect(r.durationMs).toBeGreaterThan(0);
    await expect(spawnCommand('portwarden-no-such-command', [])).rejects.toThrow(
      /^portwarden-no-such-command could not run \(ENOENT\): is it installed and on PATH\?$/,
    );
  });

  it('treats a non-zero exit with only stderr as a failure named by its first line', () => {
    expect(() => stdoutOf({ stdout: '', stderr: 'boom\nmore', code: 2, durationMs: 1 }, 'ps', ['-p', '1'])).toThrow(
      /^ps -p 1 failed \(exit 2\): boom$/,
    );
    expect(stdoutOf({ stdout: 'row\n', stderr: 'gone', code: 1, durationMs: 1 }, 'ps', [])).toBe('row\n');
  });
});
