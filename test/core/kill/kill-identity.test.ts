import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { killIdentity } from '../../../main/core/kill';
import { createScanner } from '../../../main/core/scan';
import type { Identity } from '../../../main/core/types';
import {
  firstJsonLine,
  freePort,
  isAlive,
  killTracked,
  spawnTracked,
  startOrphanedServer,
  startServer,
  track,
} from '../../helpers/processes';
import { linuxOnly } from '../../helpers/platform';

afterAll(killTracked);

const SUPERVISOR = join(__dirname, '..', '..', 'fixtures', 'restart', 'supervisor.cjs');
const scanner = createScanner();

async function identityOf(pid: number): Promise<Identity> {
  const p = await scanner.get(pid);
  if (!p) throw new Error(`PID ${pid} is not running`);
  return { pid: p.pid, startTime: p.startTime };
}

async function ownerOf(port: number) {
  return (await scanner.scan({ fresh: true })).find((l) => l.port === port)?.owner ?? null;
}

/** Records signals instead of sending them (and sends nothing), to prove a refusal sent none. */
function recorder() {
  const sent: Array<[number, string]> = [];
  return { sent, sendSignal: (pid: number, sig: NodeJS.Signals) => void sent.push([pid, sig]) };
}

linuxOnly('expects procfs identities and process groups').describe('killIdentity with real processes', () => {
  it('stops a server with SIGTERM and sees its port released', async () => {
    const s = await startServer();
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 5000, settleMs: 0 });
    expect(result).toMatchObject({ ok: true, port: s.port });
    expect(result.killed).toEqual([expect.objectContaining({ pid: s.pid, signal: 'SIGTERM' })]);
    expect(result.steps.map((x) => x.step)).toEqual(['plan', 'sigterm', 'exited', 'released']);
    expect(await ownerOf(s.port)).toBeNull();
  });

  it('SIGKILLs a server that ignores SIGTERM once the grace period is over', async () => {
    const s = await startServer({ ignoreTerm: true });
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 300, settleMs: 0 });
    expect(result.ok).toBe(true);
    expect(result.killed).toEqual([expect.objectContaining({ pid: s.pid, signal: 'SIGKILL' })]);
    expect(result.steps.find((x) => x.step === 'sigkill')?.detail).toContain(`PID ${s.pid}) still running after 300 ms`);
    expect(isAlive(s.pid) && (await scanner.get(s.pid))?.state !== 'zombie').toBe(false);
  });

  it('kills the child that inherited the listening socket too', async () => {
    const s = await startServer({ shareWithChild: true });
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 2000, settleMs: 0 });
    expect(result.ok).toBe(true);
    expect(result.killed.map((k) => k.pid).sort()).toEqual([s.pid, s.childPid].sort());
    expect(await ownerOf(s.port)).toBeNull();
  });

  it('kills an orphan through its process group when the group holds nothing else', async () => {
    const s = await startOrphanedServer();
    const result = await killIdentity(await identityOf(s.pid), { scanner, port: s.port, graceMs: 2000, settleMs: 0 });
    expect(result.ok).toBe(true);
    expect(result.steps[0]?.detail).toContain(`process group ${s.wrapperPid}`);
    expect(await ownerOf(s.port)).toBeNull();
  });

  it('refuses a stale identity without sending any signal', async () => {
    const s = await startServer();
    const real = await identityOf(s.pid);
    const { sent, sendSignal } = recorder();
    const result = await killIdentity({ pid: s.pid, startTime: real.startTime - 60_000 }, { scanner, port: s.port, sendSignal });
    expect(result).toMatchObject({ ok: false, code: 'STALE_IDENTITY' });
    expect(!result.ok && result.message).toContain(`PID ${s.pid} now belongs to another process`);
    expect(sent).toEqual([]);
    expect((await ownerOf(s.port))?.pid).toBe(s.pid);
  });

  it('refuses to kill Portwarden itself', async () => {
    const { sent, sendSignal } = recorder();
    const result = await killIdentity(await identityOf(process.pid), { scanner, sendSignal });
    expect(result).toMatchObject({ ok: false, code: 'PROTECTED' });
    expect(sent).toEqual([]);
  });

  it('refuses another user\'s server with "needs elevated rights", sending nothing', async () => {
    const s = await startServer({}, { uid: 65534, gid: 65534 });
    const { sent, sendSignal } = recorder();
    // Portwarden as an ordinary user (uid 1000) facing nobody's server.
    const result = await killIdentity(await identityOf(s.pid), {
      scanner,
      port: s.port,
      sendSignal,
      self: { pid: process.pid, uid: 1000 },
    });
    expect(result).toMatchObject({ ok: false, code: 'EPERM' });
    expect(!result.ok && result.message).toContain('belongs to user nobody: needs elevated rights');
    expect(sent).toEqual([]);
    expect(isAlive(s.pid)).toBe(true);
  });

  it('reports a respawning supervisor as "taken by another process", naming it', async () => {
    const port = await freePort();
    const sup = spawnTracked(process.execPath, [SUPERVISOR, JSON.stringify({ port })], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const info = await firstJsonLine<{ pid: number; childPid: number }>(sup);
    track(info.childPid);
    const result = await killIdentity(await identityOf(info.childPid), { scanner, port, graceMs: 2000, settleMs: 10_000 });
    const respawned = await ownerOf(port);
    track(respawned?.pid);
    expect(result).toMatchObject({ ok: false, code: 'TAKEN' });
    expect(!result.ok && result.release).toMatchObject({ state: 'taken', parent: { pid: info.pid } });
    expect(!result.ok && result.message).toContain(`whose parent is node (PID ${info.pid})`);
    expect(!result.ok && result.message).toContain('supervisor.cjs');
    expect(respawned?.pid).not.toBe(info.childPid);
  });
});
