import { afterAll, afterEach, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import { createScanner } from '../../../main/core/scan';
import type { Identity } from '../../../main/core/types';
import { type FdHolder, startFdHolder, startFdPassingServer } from '../../helpers/fd-pass';
import { startHeirServer } from '../../helpers/heir';
import { linuxOnly } from '../../helpers/platform';
import { isAlive, killTracked, startOrphanedServer, startServer, waitFor } from '../../helpers/processes';
import { canRunAsNobody } from '../../helpers/run-as-nobody';

// Nothing of the tree escapes a kill, and nothing outside it is hit: an heir forked during the
// grace, a holder handed the socket over a Unix socket, a stopped server, the settle's cost.

const scanner = createScanner();
let holder: FdHolder | undefined;
afterEach(() => holder?.dispose());
afterAll(killTracked);

async function identityOf(pid: number): Promise<Identity> {
  const p = await scanner.get(pid);
  if (!p) throw new Error(`PID ${pid} is not running`);
  return { pid: p.pid, startTime: p.startTime };
}
const ownerOf = async (port: number) => (await scanner.scan({ fresh: true })).find((l) => l.port === port)?.owner ?? null;
const reallyAlive = async (pid: number) => isAlive(pid) && (await scanner.get(pid))?.state !== 'zombie';

linuxOnly('reads /proc for socket inodes and process groups').describe('a kill leaves nothing of the tree and nothing else', () => {
  it('kills the heir a server forks during the grace, names it in `killed`, and frees the port', async () => {
    const s = await startHeirServer();
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 3000, settleMs: 0 });
    const heir = await s.heir;
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.killed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pid: s.pid, signal: 'SIGTERM' }),
        expect.objectContaining({ pid: heir, signal: 'SIGKILL' }),
      ]),
    );
    expect(result.steps.some((x) => (x.step === 'regroup' || x.step === 'heir') && x.detail.includes(`PID ${heir}`))).toBe(true);
    expect(await reallyAlive(heir)).toBe(false);
    expect(await ownerOf(s.port)).toBeNull();
  });

  it.runIf(canRunAsNobody)(
    "names another user's holder that received the socket over SCM_RIGHTS, and leaves it alone (STILL_HELD)",
    async () => {
      holder = await startFdHolder({ asNobody: true });
      const server = await startFdPassingServer(holder);
      await holder.received;
      const result = await killIdentity(await identityOf(server.pid), { scanner, port: server.port, graceMs: 2000, settleMs: 0 });
      expect(result).toMatchObject({
        ok: false,
        code: 'STILL_HELD',
        release: { state: 'held', outsideTree: true, by: { pid: holder.pid } },
      });
      expect(!result.ok && result.message).toContain(`PID ${holder.pid}`);
      expect(!result.ok && result.message).toContain('user nobody');
      expect(!result.ok && result.hint).toContain('--all-holders');
      expect(result.killed.map((k) => k.pid)).toEqual([server.pid]);
      expect(result.steps[0]?.detail).toContain('left alone (outside its tree)');
      expect(isAlive(holder.pid)).toBe(true);
      expect(await reallyAlive(server.pid)).toBe(false);
    },
  );

  it.runIf(canRunAsNobody)('with allHolders, kills that holder too and frees the port', async () => {
    holder = await startFdHolder({ asNobody: true });
    const server = await startFdPassingServer(holder);
    await holder.received;
    const result = await killIdentity(await identityOf(server.pid), {
      scanner,
      port: server.port,
      graceMs: 2000,
      settleMs: 0,
      allHolders: true,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.killed.map((k) => k.pid).sort()).toEqual([server.pid, holder.pid].sort());
    await waitFor(async () => !(await reallyAlive(holder!.pid)) || undefined, 5000, 'the holder to die');
    expect(await ownerOf(server.port)).toBeNull();
  });

  it('gives a stopped server no grace: SIGKILL at once, said on the timeline', async () => {
    const s = await startServer();
    process.kill(s.pid, 'SIGSTOP');
    await waitFor(async () => (await scanner.get(s.pid))?.state === 'stopped' || undefined, 3000, 'the server to stop');
    const started = Date.now();
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 5000, settleMs: 0 });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.steps.find((x) => x.step === 'no-grace')?.detail).toContain('no grace: stopped');
    expect(result.killed).toEqual([expect.objectContaining({ pid: s.pid, signal: 'SIGKILL' })]);
  });

  it('skips the settle when nothing above the server could take the port back (an orphan of init), and spends it when its parent lives', async () => {
    const orphan = await startOrphanedServer();
    const t0 = Date.now();
    const fast = await killIdentity(await identityOf(orphan.pid), { scanner, port: orphan.port, graceMs: 3000, settleMs: 1000 });
    const fastMs = Date.now() - t0;
    expect(fast.ok).toBe(true);
    expect(fast.steps.find((x) => x.step === 'released')?.detail).toContain('no settle: nothing could take the port back');

    const child = await startServer();
    const t1 = Date.now();
    const slow = await killIdentity(await identityOf(child.pid), { scanner, port: child.port, graceMs: 3000, settleMs: 1000 });
    const slowMs = Date.now() - t1;
    expect(slow.ok).toBe(true);
    expect(slow.steps.find((x) => x.step === 'released')?.detail).toContain('stayed free for 1000 ms');
    console.log(`kill of a plain server: ${fastMs} ms without the settle, ${slowMs} ms with it`);
    expect(slowMs - fastMs).toBeGreaterThan(500);
  });
});
