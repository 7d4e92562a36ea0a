// Issue 9 items 4-6 on the real toolchains: the project of each owner, the duplicate verdict on two
// copies of Vite (the second moved to the next port), and `free` on this project's and another
// project's server. Ports are ephemeral; every process is found by its wrapper's session and killed by PID.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { runInProcess } from '../helpers/cli-run';
import { firstJsonLine, freePort, isAlive, killTracked, SERVER_SCRIPT, spawnTracked, waitFor } from '../helpers/processes';
import { orphan, type RunningTool, startTool, stopTool, TOOLCHAINS_ROOT, waitForListener } from '../helpers/toolchains';

const skip = inject('toolchainsSkip');
const skipLine = skip === undefined ? 'toolchain tests need test/toolchains/global-setup.ts in vitest.config.ts globalSetup' : skip;

const home = mkdtempSync(join(tmpdir(), 'pw-tool-home-'));
const tools: RunningTool[] = [];
afterEach(async () => {
  for (const tool of tools.splice(0)) await stopTool(tool);
  killTracked();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function launch(script: string, env: Record<string, string>): RunningTool {
  const tool = startTool(script, env);
  tools.push(tool);
  return tool;
}

const cli = (argv: string[], cwd = TOOLCHAINS_ROOT) => runInProcess(argv, { cwd, env: { PORTWARDEN_HOME: home } });

describe.skipIf(skipLine !== null)('real toolchains: project, duplicate, free', () => {
  it('two copies of Vite: the older (orphaned) one is the duplicate, naming the newer port; free clears both', async () => {
    const port = await freePort();
    const first = launch('vite-dev', { PORT: String(port) });
    await waitForListener({ sid: first.sid }, first);
    await orphan(first);
    const second = launch('vite-dev', { PORT: String(port) });
    const moved = await waitForListener({ sid: second.sid }, second);
    expect(moved.listener.port).not.toBe(port);

    const who = await cli(['who', String(port), '--json']);
    expect(who.code).toBe(0);
    const [l] = JSON.parse(who.out).listeners;
    expect(l.owner.project).toEqual({ name: 'portwarden-toolchains', root: TOOLCHAINS_ROOT, source: 'cwd' });
    expect(l.owner.launch.map((n: { kind: string; label: string }) => `${n.kind}:${n.label.replace(/ \(\d+\)$/, '')}`).slice(0, 3)).toEqual(
      [
        'server:vite',
        // Labels are cut at 48 characters.
        'launcher:sh -c vite vite-app --host 127.0.0.1 --port $PO…',
        'launcher:npm run vite-dev',
      ],
    );
    const duplicate = l.verdicts.find((v: { kind: string }) => v.kind === 'duplicate');
    expect(duplicate?.explanation).toMatch(
      new RegExp(
        `^duplicate: another copy of portwarden-toolchains \\(\`npm run vite-dev\`\\) listens on ${moved.listener.port} \\(PID ${moved.owner.pid}\\), started \\d+s later`,
      ),
    );
    const newer = JSON.parse((await cli(['who', String(moved.listener.port), '--json'])).out).listeners[0];
    expect(newer.verdicts.map((v: { kind: string }) => v.kind)).not.toContain('duplicate');

    const text = await cli(['who', String(port)]);
    expect(text.out).toMatch(/\n {2}parents +sh -c vite vite-app --host 127\.0\.0\.1 --port \$PO… \(\d+\) ← npm run vite-dev \(\d+\)/);
    expect(text.out).toContain(`\n  project  portwarden-toolchains (${TOOLCHAINS_ROOT})\n`);

    // The predev script's move, from the project's folder: both copies are this project's.
    const freed = await cli(['free', String(port), String(moved.listener.port)]);
    expect(freed.code).toBe(0);
    expect(freed.out.split('\n')).toHaveLength(2);
    await waitFor(() => (!isAlive(moved.owner.pid) && !isAlive(l.owner.pid)) || undefined, 10_000, 'both Vite copies to exit');
  }, 90_000);

  it("free from another project refuses the toolchain project's Vite and names it", async () => {
    const other = mkdtempSync(join(tmpdir(), 'pw-other-project-'));
    try {
      writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'blog' }));
      const port = await freePort();
      const tool = launch('vite-dev', { PORT: String(port) });
      const vite = await waitForListener({ sid: tool.sid }, tool);
      const run = await cli(['free', String(port)], other);
      expect(run.code).toBe(1);
      expect(run.err).toBe(
        `portwarden free: port ${port} is held by \`portwarden-toolchains\` (vite, PID ${vite.owner.pid}) in ${TOOLCHAINS_ROOT}\n  Use --force to free it anyway.`,
      );
      expect(isAlive(vite.owner.pid)).toBe(true);
      // And the other way round: blog's own server is freed from blog's folder.
      mkdirSync(join(other, 'srv'));
      copyFileSync(SERVER_SCRIPT, join(other, 'srv', 'server.cjs'));
      const blog = await firstJsonLine<{ pid: number; port: number }>(
        spawnTracked(process.execPath, [join(other, 'srv', 'server.cjs'), '{}'], { cwd: other, stdio: ['pipe', 'pipe', 'pipe'] }),
      );
      expect((await cli(['free', String(blog.port)], other)).code).toBe(0);
      expect((await cli(['free', String(blog.port)], TOOLCHAINS_ROOT)).out).toBe('');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 90_000);
});
