import { afterAll, describe, expect, it } from 'vitest';
import { LinuxPortTable } from '../../main/core/scan/linux/linux-port-table';
import { killTracked, startOrphanedServer, startServer } from '../helpers/processes';

afterAll(killTracked);

describe.runIf(process.platform === 'linux')('helpers + scanner smoke', () => {
  it('sees a server and an orphan with their PIDs', async () => {
    const table = new LinuxPortTable();
    const a = await startServer({ hosts: ['::'] });
    const b = await startOrphanedServer();
    const listeners = await table.scan();
    expect(listeners.find((l) => l.port === a.port)?.owner?.pid).toBe(a.pid);
    const orphan = listeners.find((l) => l.port === b.port)?.owner;
    expect(orphan?.pid).toBe(b.pid);
    expect(orphan?.ppid).not.toBe(b.wrapperPid);
  });
});
