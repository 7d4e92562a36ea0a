import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPortwardenService, createWorkerService, type PortwardenService } from '../../../main/core/service';
import { defaultSettings, type Settings } from '../../../main/core/settings/schema';
import type { Snapshot, WatchEvent } from '../../../main/core/types';
import { freePort, isAlive, killTracked, startServer, waitFor } from '../../helpers/processes';

// The app runs the service on a worker thread (dist/service-worker.js, built by `npm test`). Both
// transports watch the same real servers here and must tell the same story.
const WORKER = join(__dirname, '..', '..', '..', 'dist', 'service-worker.js');
const home = mkdtempSync(join(tmpdir(), 'portwarden-worker-service-'));
const services: PortwardenService[] = [];

afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  killTracked();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function options(ports: number[]) {
  const dir = mkdtempSync(join(home, 'case-'));
  const settings: Settings = { ...defaultSettings(), watchedPorts: ports, httpPorts: ports, pollIntervalMs: 250, killGraceMs: 1000 };
  return { settings, paths: { config: dir, data: join(dir, 'data'), logs: join(dir, 'logs') }, kill: { settleMs: 200 } };
}

/** What a snapshot says about the given ports, without timestamps. */
function story(snapshot: Snapshot, ports: number[]) {
  return snapshot.ports
    .filter((p) => ports.includes(p.port))
    .map((p) => ({
      port: p.port,
      owner: p.listener?.owner ? { pid: p.listener.owner.pid, startTime: p.listener.owner.startTime } : null,
      verdicts: p.verdicts.map((v) => v.kind),
      severity: p.severity,
    }));
}

function eventsOf(service: PortwardenService, port: number): WatchEvent[] {
  const seen: WatchEvent[] = [];
  service.onDidEmitEvent((e) => {
    if (e.port === port) seen.push(e);
  });
  return seen;
}

describe('the worker-backed service', () => {
  it('sees the same ports, owners and verdicts as the in-process one, and a kill gives the same events and outcome', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const [serverA] = [await startServer({ port: a }), await startServer({ port: b, mode: '404' })];
    const local = createPortwardenService(options([a, b]));
    const remote = createWorkerService({ ...options([a, b]), workerFile: WORKER });
    services.push(local, remote);
    await Promise.all([local.start(), remote.start()]);
    // The HTTP probe answers within a poll or two: wait for its verdict, then compare.
    const probed = (s: PortwardenService) => story(s.current(), [b])[0]?.verdicts.includes('404-wall') || undefined;
    await waitFor(() => (probed(local) && probed(remote)) || undefined, 10_000, 'the 404 verdict on both');
    await waitFor(
      () => JSON.stringify(story(local.current(), [a, b])) === JSON.stringify(story(remote.current(), [a, b])) || undefined,
      5000,
      'both to agree',
    );
    expect(story(remote.current(), [a, b])).toHaveLength(2);

    const localEvents = eventsOf(local, a);
    const remoteEvents = eventsOf(remote, a);
    const steps: string[] = [];
    remote.onDidStepAction((e) => steps.push(e.step.step));
    const owner = remote.current().ports.find((p) => p.port === a)!.listener!.owner!;
    const result = await remote.kill({ port: a, identity: { pid: owner.pid, startTime: owner.startTime } });
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({ action: 'kill', port: a, verified: true, old: { pid: serverA.pid } });
    expect(result.value.timeline.map((s) => s.step)).toEqual(steps);
    expect(isAlive(serverA.pid)).toBe(false);
    expect(remote.isOwnChange(a, owner)).toBe(true);
    expect(remote.isOwnChange(a, { pid: 1, startTime: 0 })).toBe(false);
    expect(remote.busyPorts().size).toBe(0);
    await waitFor(() => (localEvents.length && remoteEvents.length ? true : undefined), 5000, 'the departure on both');
    expect(remoteEvents.map((e) => e.type)).toEqual(localEvents.map((e) => e.type));
    const details = await remote.inspect(a);
    expect(details.ok && details.value.lastOutcome?.actionId).toBe(result.value.actionId);
    // Refusals are values on both sides of the thread boundary too.
    await expect(remote.kill({ port: b, identity: { pid: owner.pid, startTime: owner.startTime } })).resolves.toMatchObject({
      ok: false,
      code: 'NOT_IN_SNAPSHOT',
    });
  });

  it('saves settings in the worker and answers currentSettings() from the change at once', async () => {
    const port = await freePort();
    const remote = createWorkerService({ ...options([port]), workerFile: WORKER });
    services.push(remote);
    await remote.start();
    expect(remote.validateSettings({ pollIntervalMs: 1 })).toMatchObject({ valid: false, issues: [{ path: 'pollIntervalMs' }] });
    const saved = await remote.saveSettings({ ...remote.currentSettings(), pollIntervalMs: 2000 });
    expect(saved).toMatchObject({ ok: true, value: { settings: { pollIntervalMs: 2000 } } });
    expect(remote.currentSettings().pollIntervalMs).toBe(2000);
  });

  it('a worker that cannot start fails start() with the reason instead of hanging', async () => {
    const logged: string[] = [];
    const remote = createWorkerService({ ...options([]), workerFile: join(home, 'missing-worker.js'), log: (m) => logged.push(m) });
    services.push(remote);
    await expect(remote.start()).rejects.toThrow(/missing-worker\.js|Cannot find module/);
    expect(logged.join('\n')).toMatch(/service worker stopped/);
  });
});
