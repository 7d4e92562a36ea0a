import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { freePort, killTracked, SERVER_SCRIPT, startServer } from '../helpers/processes';
import { parseTracked, runWithHome, writeSettings } from '../helpers/cli-run';
import { posixOnly } from '../helpers/platform';

const home = mkdtempSync(join(tmpdir(), 'pw-start-cli-'));
afterEach(killTracked);
afterAll(() => rmSync(home, { recursive: true, force: true }));

posixOnly('runs recipes through sh with POSIX quoting').describe('portwarden start', () => {
  it('starts a settings recipe on a free port and verifies it answers', async () => {
    const port = await freePort();
    writeSettings(home, {
      recipes: { [port]: { command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port })], cwd: tmpdir(), probePath: '/' } },
    });
    const run = await runWithHome(home, ['start', String(port), '--json']);
    const json = parseTracked(run.out);
    expect(run.code).toBe(0);
    expect(json).toMatchObject({
      ok: true,
      old: null,
      probe: { status: 200 },
      recipe: { source: 'settings', origin: `settings: recipes["${port}"]` },
    });
  });

  it('runs a shell command line in --cwd, and its descendant counts as the new owner', async () => {
    const port = await freePort();
    writeSettings(home, {});
    const dir = mkdtempSync(join(home, 'app-'));
    writeFileSync(join(dir, 'serve.cjs'), `require(${JSON.stringify(SERVER_SCRIPT)})`);
    const line = `"${process.execPath}" serve.cjs '${JSON.stringify({ port })}'; echo never`;
    const run = await runWithHome(home, ['start', String(port), '--cwd', dir, '--json', '--', line]);
    const json = parseTracked(run.out);
    expect(run.code).toBe(0);
    expect(json.recipe).toMatchObject({ command: line, cwd: dir, source: 'command-line' });
    expect(json.timeline.find((s) => s.step === 'listening')!.detail).toMatch(/owned by node \(PID \d+\), a descendant of PID \d+/);
  });

  it('refuses a busy port, naming its owner, and a port with no recipe', async () => {
    const s = await startServer();
    const busy = await runWithHome(home, ['start', String(s.port), '--', 'true']);
    expect(busy.code).toBe(1);
    expect(busy.err).toContain(`portwarden start: port ${s.port} is already in use by node (PID ${s.pid})`);
    const port = await freePort();
    const empty = mkdtempSync(join(home, 'empty-'));
    const none = await runWithHome(empty, ['start', String(port), '--cwd', empty]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`no recipe is known for port ${port}`);
  });

  it('fails a command that binds another port, and stops it', async () => {
    const port = await freePort();
    writeSettings(home, { restartTimeoutMs: 1500 });
    const run = await runWithHome(home, ['start', String(port), '--json', '--', process.execPath, SERVER_SCRIPT, '{"port":0}']);
    const json = parseTracked(run.out);
    expect(run.code).toBe(1);
    expect(json).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(json.reason).toMatch(
      /did not take port \d+ within 1\.5 s; it listens on \d+ instead; nothing listens on port \d+: "\{"pid":\d+,"port":\d+\}"/,
    );
  });

  it('Ctrl-C stops the wait with exit 130 and says that what was started keeps running', async () => {
    const port = await freePort();
    writeSettings(home, {});
    const run = await runWithHome(home, ['start', String(port), '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'], /\bspawn\b/);
    const pid = Number(/started PID (\d+)/.exec(run.err)?.[1]);
    parseTracked(JSON.stringify({ spawned: { pid } }));
    expect(run.code).toBe(130);
    expect(run.err).toContain(`interrupted before the outcome was verified. PID ${pid} was started and keeps running`);
  });
});
