// `portwarden free` against real servers of two temp projects: frees this project's ports (and a
// copy of it elsewhere), refuses another project's without --force, says nothing for a free port.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli-run';
import { firstJsonLine, freePort, isAlive, killTracked, SERVER_SCRIPT, spawnTracked } from '../helpers/processes';
import { gone } from '../core/kill/liveness';
import { posixOnly } from '../helpers/platform';

const base = mkdtempSync(join(tmpdir(), 'pw-free-'));
const home = join(base, 'home');
afterEach(killTracked);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A project folder with a package.json and the fixture server copied in as its server.cjs. */
function project(folder: string, name: string): string {
  const root = join(base, folder);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, scripts: { predev: 'portwarden free 3000', dev: 'node server.cjs' } }));
  copyFileSync(SERVER_SCRIPT, join(root, 'server.cjs'));
  return root;
}

const shop = project('shop', 'shop');
const blog = project('blog', 'blog');
const shopCopy = project('old-checkout/shop', 'shop');

async function serve(root: string, cwd = root): Promise<{ pid: number; port: number }> {
  const child = spawnTracked(process.execPath, [join(root, 'server.cjs'), '{}'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  return firstJsonLine<{ pid: number; port: number }>(child);
}

const free = (cwd: string, ...args: string[]) => runInProcess(['free', ...args], { cwd, env: { PORTWARDEN_HOME: home } });

posixOnly('kills real servers with POSIX signals').describe('portwarden free', () => {
  it("frees this project's port and says nothing about a port that is already free", async () => {
    const s = await serve(shop);
    const idle = await freePort();
    const run = await free(shop, String(s.port), String(idle));
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toBe(`Freed port ${s.port}: killed node server.cjs of shop (node (PID ${s.pid})).`);
    expect(await gone(s.pid)).toBe(true);
    expect(await free(shop, String(idle))).toEqual({ code: 0, out: '', err: '' });
  });

  it("finds the project from a sub-folder, and from the server's script path when it runs from /", async () => {
    const s = await serve(shop, '/');
    mkdirSync(join(shop, 'src'), { recursive: true });
    const run = await free(join(shop, 'src'), String(s.port));
    expect(run.code).toBe(0);
    expect(await gone(s.pid)).toBe(true);
  });

  it("refuses another project's port with exit 1 naming it, and frees it with --force", async () => {
    const s = await serve(blog);
    const run = await free(shop, String(s.port));
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      `portwarden free: port ${s.port} is held by \`blog\` (node server.cjs, PID ${s.pid}) in ${blog}\n  Use --force to free it anyway.`,
    );
    expect(isAlive(s.pid)).toBe(true);
    const forced = await free(shop, '--force', String(s.port));
    expect(forced.code).toBe(0);
    expect(forced.out).toContain(`Freed port ${s.port}: killed node server.cjs of blog`);
    expect(await gone(s.pid)).toBe(true);
  });

  it('frees a stale copy of the same project (same package name, another folder)', async () => {
    const s = await serve(shopCopy);
    const run = await free(shop, String(s.port), '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json).toMatchObject({
      ok: true,
      results: [
        { port: s.port, outcome: 'freed', reason: 'a copy of this project', project: { name: 'shop', root: shopCopy }, kill: { ok: true } },
      ],
    });
    expect(await gone(s.pid)).toBe(true);
  });

  it('frees what it may and refuses the rest: the exit code is the worst', async () => {
    const mine = await serve(shop);
    const theirs = await serve(blog);
    const run = await free(shop, String(mine.port), String(theirs.port), '--json');
    expect(run.code).toBe(1);
    const { ok, results } = JSON.parse(run.out);
    expect(ok).toBe(false);
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(['freed', 'refused']);
    expect(results[1]).toMatchObject({ code: 'OTHER_PROJECT', owner: { pid: theirs.pid }, project: { name: 'blog' } });
    expect(await gone(mine.pid)).toBe(true);
    expect(isAlive(theirs.pid)).toBe(true);
  });

  it('refuses a server that belongs to no project, and every port from a folder in no project', async () => {
    const loose = join(base, 'loose');
    mkdirSync(loose, { recursive: true });
    const s = await serve(shop);
    const run = await free(loose, String(s.port));
    expect(run.code).toBe(1);
    expect(run.err).toContain(`port ${s.port} is held by \`shop\``);
    expect(run.err).toContain('this folder is in no project');
    expect(isAlive(s.pid)).toBe(true);
  });

  it('rejects a bad port with exit 2 and no port with a usage line', async () => {
    expect((await free(shop, '70000')).code).toBe(2);
    expect((await free(shop)).code).toBe(2);
  });
});

posixOnly('kills real servers with POSIX signals').describe('portwarden kill with several ports', () => {
  it('kills each, one result per port, and exits with the worst', async () => {
    const [a, b] = [await serve(shop), await serve(blog)];
    const run = await runInProcess(['kill', String(a.port), String(b.port)], { env: { PORTWARDEN_HOME: home } });
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([
      `Killed node (PID ${a.pid}); port ${a.port} is free.`,
      `Killed node (PID ${b.pid}); port ${b.port} is free.`,
    ]);
    const c = await serve(shop);
    const idle = await freePort();
    const mixed = await runInProcess(['kill', '--port', String(c.port), String(idle), '--json'], { env: { PORTWARDEN_HOME: home } });
    expect(mixed.code).toBe(1);
    const lines = mixed.out.split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.ok, l.port])).toEqual([
      [true, c.port],
      [false, idle],
    ]);
    expect(await gone(c.pid)).toBe(true);
  });
});
