import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createPortwardenService, type PortwardenService } from '../../../main/core/service';
import { defaultSettings, type Settings } from '../../../main/core/settings/schema';
import { linuxOnly } from '../../helpers/platform';
import { freePort, isAlive, killTracked, SERVER_SCRIPT, startServer } from '../../helpers/processes';

// The tray's Kill & Restart goes through the same use-case as the CLI: the same check before the
// first signal guards it.

const home = mkdtempSync(join(tmpdir(), 'portwarden-service-preflight-'));
const services: PortwardenService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  killTracked();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

linuxOnly('runs real servers and reads their owners from /proc').describe('service restart preflight', () => {
  it('a recipe whose folder is missing fails before the kill: the server keeps the port', async () => {
    const port = await freePort();
    const server = await startServer({ port });
    const settings: Settings = {
      ...defaultSettings(),
      watchedPorts: [port],
      pollIntervalMs: 250,
      killGraceMs: 1000,
      recipes: { [String(port)]: { command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port })], cwd: '/missing-portwarden-dir' } },
    };
    const service = createPortwardenService({
      settings,
      paths: { config: home, data: join(home, 'data'), logs: join(home, 'logs') },
      kill: { settleMs: 200 },
    });
    services.push(service);
    await service.start();
    const owner = service.current().ports.find((p) => p.port === port)?.listener?.owner;
    if (!owner) throw new Error('the service does not see the server');
    const result = await service.restart({ port, identity: { pid: owner.pid, startTime: owner.startTime } });
    expect(JSON.stringify(result)).toContain('/missing-portwarden-dir does not exist; nothing was killed');
    expect(result.ok && result.value.verified).toBe(false);
    expect(isAlive(server.pid)).toBe(true);
  });
});
