import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createPortwardenService, type PortwardenService, type ServiceOptions } from '../../main/core/service';
import { defaultSettings, type Settings } from '../../main/core/settings/schema';

/**
 * A started service over a fresh folder under `home`, watching and probing `ports` at test speed
 * (a 250 ms poll, a 1 s kill grace, a 200 ms settle). The caller stops it.
 */
export async function startWatchingService(
  home: string,
  ports: number[],
  over: Partial<Settings> = {},
  options: Partial<ServiceOptions> = {},
): Promise<PortwardenService> {
  const dir = mkdtempSync(join(home, 'case-'));
  const settings: Settings = {
    ...defaultSettings(),
    watchedPorts: ports,
    httpPorts: ports,
    pollIntervalMs: 250,
    killGraceMs: 1000,
    ...over,
  };
  const service = createPortwardenService({
    settings,
    paths: { config: dir, data: join(dir, 'data'), logs: join(dir, 'logs') },
    kill: { settleMs: 200 },
    ...options,
  });
  await service.start();
  return service;
}
