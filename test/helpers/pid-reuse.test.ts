import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { pidReuseSkipReason, spawnWithPid } from './pid-reuse';
import { killTracked } from './processes';

afterEach(killTracked);

if (pidReuseSkipReason) console.log(`SKIP pid reuse: ${pidReuseSkipReason}`);

describe('pid-reuse helper', () => {
  it.skipIf(pidReuseSkipReason !== null)('makes a new process take the PID of one that exited', async () => {
    const first = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = first.pid!;
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve)); // reaped: the PID is free again
    const second = await spawnWithPid(pid, 'sleep', ['31'], { stdio: 'ignore' });
    expect(second.pid).toBe(pid);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').slice(0, 2)).toEqual(['sleep', '31']);
  });

  it.skipIf(pidReuseSkipReason !== null)('refuses a PID that is still in use', async () => {
    await expect(spawnWithPid(process.pid, 'sleep', ['1'])).rejects.toThrow(`PID ${process.pid} is still in use`);
  });
});
