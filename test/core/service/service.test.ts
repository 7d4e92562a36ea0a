import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createScanner } from '../../../main/core/scan';
import type { PortwardenService, ServiceOptions } from '../../../main/core/service';
import type { Settings } from '../../../main/core/settings/schema';
import { startWatchingService } from '../../helpers/watching-service';
import { freePort, isAlive, killTracked, SERVER_SCRIPT, startServer, track, waitFor } from '../../helpers/processes';

// The facade the tray app and the inspector use, against real servers on real ports.

const home = mkdtempSync(join(tmpdir(), 'portwarden-service-'));
const services: PortwardenService[] = [];

afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  killTracked();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function serviceWatching(
  ports: number[],
  over: Partial<Settings> = {},
  options: Partial<ServiceOptions> = {},
): Promise<PortwardenService> {
  const service = await startWatchingService(home, ports, over, options);
  services.push(service);
  return service;
}

function ownerOf(service: PortwardenService, port: number) {
  return service.current().ports.find((p) => p.port === port)?.listener?.owner ?? null;
}

describe('service', () => {
  it('refuses an identity it does not see on the port, and sends no signal', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    const service = await serviceWatching([port]);
    const owner = ownerOf(service, port)!;
    const result = await service.kill({ port, identity: { pid: owner.pid, startTime: owner.startTime - 5000 } });
    expect(result).toMatchObject({ ok: false, code: 'NOT_IN_SNAPSHOT' });
    expect(isAlive(server.pid)).toBe(true);
    // Right identity, wrong port: also refused.
    await expect(service.kill({ port: port + 1, identity: owner })).resolves.toMatchObject({ ok: false, code: 'NOT_IN_SNAPSHOT' });
  });

  it('kills by identity, reports a verified outcome with its timeline, and counts the departure as its own', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    const service = await serviceWatching([port]);
    const owner = ownerOf(service, port)!;
    const steps: string[] = [];
    service.onDidStepAction((e) => steps.push(e.step.step));
    const result = await service.kill({ port, identity: { pid: owner.pid, startTime: owner.startTime } });
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({ action: 'kill', port, verified: true, old: { pid: server.pid, name: owner.name } });
    expect(result.value.timeline.map((s) => s.step)).toEqual(steps);
    expect(isAlive(server.pid)).toBe(false);
    expect(ownerOf(service, port)).toBeNull();
    expect(service.isOwnChange(port, owner)).toBe(true);
    expect(service.isOwnChange(port, { pid: 1, startTime: 0 })).toBe(false);
    const details = await service.inspect(port);
    expect(details.ok && details.value.lastOutcome?.actionId).toBe(result.value.actionId);
  });

  it("asks for confirmation before acting on another user's process", async () => {
    const port = await freePort();
    const server = await startServer({ port }, { uid: 65534, gid: 65534 });
    const service = await serviceWatching([port]);
    const owner = ownerOf(service, port)!;
    expect(owner.uid).toBe(65534);
    const identity = { pid: owner.pid, startTime: owner.startTime };
    await expect(service.kill({ port, identity })).resolves.toMatchObject({ ok: false, code: 'CONFIRMATION_REQUIRED' });
    expect(isAlive(server.pid)).toBe(true);
    // As root, a confirmed kill of nobody's server is allowed.
    await expect(service.kill({ port, identity, confirmed: true })).resolves.toMatchObject({ ok: true, value: { verified: true } });
  });

  it('turns an unexpected error during an action into an INTERNAL result and frees the port for the next action', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    const real = createScanner();
    let broken = false;
    const scanner = Object.assign(Object.create(real) as typeof real, {
      list: () => (broken ? Promise.reject(new Error('EIO reading /proc')) : real.list()),
    });
    const logged: string[] = [];
    const service = await serviceWatching([port], {}, { scanner, log: (m) => logged.push(m) });
    const owner = ownerOf(service, port)!;
    broken = true;
    const result = await service.kill({ port, identity: owner });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL', message: `kill on port ${port} failed: EIO reading /proc` });
    expect(logged).toContain(`kill on port ${port} failed: EIO reading /proc`);
    expect(service.busyPorts().has(port)).toBe(false);
    expect(isAlive(server.pid)).toBe(true);
  });

  it('runs one action per port at a time', async () => {
    const port = await freePort();
    await startServer({ port, ignoreTerm: true });
    const service = await serviceWatching([port]);
    const owner = ownerOf(service, port)!;
    const identity = { pid: owner.pid, startTime: owner.startTime };
    const first = service.kill({ port, identity });
    expect(service.busyPorts().has(port)).toBe(true);
    await expect(service.kill({ port, identity })).resolves.toMatchObject({ ok: false, code: 'BUSY' });
    await expect(first).resolves.toMatchObject({ ok: true, value: { verified: true } });
    expect(service.busyPorts().has(port)).toBe(false);
  });

  it('knows the recipe of a watched server (observed) and of a free watched port (settings)', async () => {
    const [held, free] = [await freePort(), await freePort()];
    await startServer({ port: held });
    const cwd = mkdtempSync(join(home, 'app-'));
    const service = await serviceWatching([held, free], {
      recipes: { [String(free)]: { command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port: free })], cwd } },
    });
    await waitFor(() => (service.knownRecipes().size === 2 ? true : undefined), 5000, 'recipes');
    expect(service.knownRecipes().get(held)).toMatchObject({ source: 'observed', command: expect.stringContaining('server.cjs') });
    expect(service.knownRecipes().get(free)).toMatchObject({ source: 'settings', cwd });

    await expect(service.startPort({ port: held })).resolves.toMatchObject({ ok: false, code: 'BUSY' });
    const started = await service.startPort({ port: free });
    if (!started.ok) throw new Error(started.message);
    track(started.value.new?.pid);
    expect(started.value).toMatchObject({ action: 'start', verified: true, probeStatus: 200, recipe: { source: 'settings' } });
    // The spawned server's log is shown: it printed its JSON ready line.
    expect(started.value.logTail.join('\n')).toContain(`"port":${free}`);
  });

  it('validates settings with the place of each problem, and saves valid ones for the watcher', async () => {
    const port = await freePort();
    const service = await serviceWatching([port]);
    expect(service.validateSettings({ pollIntervalMs: 5, watchedPorts: [70000] })).toEqual({
      valid: false,
      issues: [
        { path: 'watchedPorts[0]', message: expect.any(String) },
        { path: 'pollIntervalMs', message: expect.any(String) },
      ],
    });
    await expect(service.saveSettings({ pollIntervalMs: 5 })).resolves.toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });

    const saved = await service.saveSettings({ watchedPorts: [port, port + 1], notifications: false });
    if (!saved.ok) throw new Error(saved.message);
    expect(existsSync(saved.value.path)).toBe(true);
    expect(JSON.parse(readFileSync(saved.value.path, 'utf8'))).toMatchObject({ watchedPorts: [port, port + 1], notifications: false });
    expect(service.currentSettings().notifications).toBe(false);
    await waitFor(
      () => service.current().ports.find((p) => p.port === port + 1)?.watched || undefined,
      5000,
      'the watcher to take the new settings',
    );
  });
});
