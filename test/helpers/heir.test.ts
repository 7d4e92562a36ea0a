import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeirServer } from './heir';
import { isAlive, killTracked, waitFor } from './processes';

afterEach(killTracked);

const body = (port: number) =>
  new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    }).once('error', reject);
  });
const pgidOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[2]);

describe.runIf(process.platform === 'linux')('heir-server fixture', () => {
  it('on SIGTERM leaves an heir in its process group that keeps the port, then exits', async () => {
    const server = await startHeirServer();
    expect(await body(server.port)).toBe(`server ${server.pid}`);
    process.kill(server.pid, 'SIGTERM');
    const heir = await server.heir;
    await waitFor(() => !isAlive(server.pid) || undefined, 5000, 'the server to exit');
    expect(heir).not.toBe(server.pid);
    expect(pgidOf(heir)).toBe(server.pid);
    expect(await body(server.port)).toBe(`heir ${heir}`);
  });
});
