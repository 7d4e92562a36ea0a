import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/commands';
import { runInProcess } from '../helpers/cli-run';
import { freePort, killTracked, startServer } from '../helpers/processes';

afterEach(killTracked);

const BIN = join(__dirname, '..', '..', 'bin', 'portwarden.js');

function portwarden(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('runCli', () => {
  it('prints the help with every command; asking for it is not an error, giving nothing is', async () => {
    const none = await runInProcess([]);
    expect(none.code).toBe(2);
    for (const c of COMMANDS) expect(none.out).toContain((await c.load()).usage);
    expect((await runInProcess(['help'])).code).toBe(0);
    expect((await runInProcess(['--help'])).code).toBe(0);
  });

  it('rejects an unknown command in one line naming the commands there are', async () => {
    const run = await runInProcess(['lss']);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`portwarden: unknown command "lss". Try: ${COMMANDS.map((c) => c.name).join(', ')}`);
  });
});

// The installed entry point, as a user runs it: bin/portwarden.js -> dist/cli.js (built by `npm test`).
describe('bin/portwarden.js', () => {
  it('exits 2 with one line on stderr for a bad port, 1 for a free port, 0 for a taken one', async () => {
    const bad = await portwarden('who', '70000');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^portwarden who: 70000 is out of range/);

    const port = await freePort();
    expect(await portwarden('who', String(port))).toMatchObject({ code: 1, stdout: `Port ${port} is free: nothing is listening on it.\n` });

    const server = await startServer();
    const taken = await portwarden('who', String(server.port), '--json');
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout).listeners[0].owner.pid).toBe(server.pid);
  });
});
