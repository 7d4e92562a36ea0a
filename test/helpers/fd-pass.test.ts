import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { canPassFds, type FdHolder, startFdHolder, startFdPassingServer } from './fd-pass';
import { isAlive, killTracked, waitFor } from './processes';
import { canRunAsNobody } from './run-as-nobody';

let holder: FdHolder | undefined;
afterEach(() => {
  killTracked();
  holder?.dispose();
});

const socketInodes = (pid: number) =>
  readdirSync(`/proc/${pid}/fd`)
    .map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      } catch {
        return undefined;
      }
    })
    .filter((x): x is string => x !== undefined)
    .map(Number);
const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe.runIf(canPassFds)('fd-pass helper', () => {
  it(`hands a server's listening socket to a holder${canRunAsNobody ? ' running as nobody' : ''}, which keeps the port after the server is gone`, async () => {
    holder = await startFdHolder({ asNobody: canRunAsNobody });
    const server = await startFdPassingServer(holder);
    const { inode } = await holder.received;
    expect(inode).toBe(server.inode);
    expect(socketInodes(holder.pid)).toContain(inode);
    expect(socketInodes(server.pid)).toContain(inode);
    if (canRunAsNobody) expect(uidOf(holder.pid)).toBe(65534);
    // Outside the server's tree: the holder is the test's child, not the server's.
    expect(readFileSync(`/proc/${holder.pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]).not.toBe(String(server.pid));

    process.kill(server.pid, 'SIGKILL');
    await waitFor(() => !isAlive(server.pid) || undefined, 5000, 'the server to die');
    expect(await accepts(server.port)).toBe(true);
  });
});
