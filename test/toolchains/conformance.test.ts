// The real toolchains, launched the way developers launch them (`npm run …` from a shell that then
// dies by SIGKILL), against what the current core already knows. Ports are ephemeral; every process
// is found by the session id of the wrapper the test started, and killed by PID.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/processes';
import { killSession, orphan, type Owned, pm2Home, pm2Kill, type RunningTool, sessionListeners, startTool, waitForListener } from '../helpers/toolchains';
import { recordLaunchTree } from '../helpers/toolchains-record';

const skip = inject('toolchainsSkip');
const skipLine = skip === undefined ? 'toolchain tests need test/toolchains/global-setup.ts in vitest.config.ts globalSetup' : skip;
if (skipLine) console.log(`[toolchains] skipped: ${skipLine}`);

const sessions: number[] = [];
const pm2Homes: string[] = [];
afterEach(async () => {
  for (const sid of sessions.splice(0)) await killSession(sid);
  for (const home of pm2Homes.splice(0)) await pm2Kill(home);
});

function launch(script: string, env: Record<string, string>): RunningTool {
  const tool = startTool(script, env);
  sessions.push(tool.sid);
  return tool;
}

async function liveThenOrphaned(name: string, tool: RunningTool, which: { port?: number; sid?: number }): Promise<{ live: Owned; orphaned: Owned }> {
  const live = await waitForListener(which, tool);
  recordLaunchTree({ tool: name, phase: 'live', command: `npm run ${tool.script}`, port: live.listener.port, owner: live.owner, chain: live.chain });
  await orphan(tool);
  const orphaned = await waitForListener({ port: live.listener.port }, tool, 10_000);
  recordLaunchTree({ tool: name, phase: 'orphaned', command: `npm run ${tool.script}`, port: orphaned.listener.port, owner: orphaned.owner, chain: orphaned.chain });
  return { live, orphaned };
}

describe.skipIf(skipLine !== null)('real toolchains launched by npm run, wrapper SIGKILLed', () => {
  it('next dev', async () => {
    const port = await freePort();
    const tool = launch('next-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('next-dev', tool, { port });
    expect(orphaned.owner.sid).toBe(tool.sid);
  }, 120_000);

  it('next start', async () => {
    const port = await freePort();
    const tool = launch('next-start', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('next-start', tool, { port });
    expect(orphaned.owner.sid).toBe(tool.sid);
  }, 120_000);

  it('vite', async () => {
    const port = await freePort();
    const tool = launch('vite-dev', { PORT: String(port) });
    const { orphaned } = await liveThenOrphaned('vite-dev', tool, { sid: tool.sid });
    expect(orphaned.listener.port).toBe(port);
  }, 60_000);

  it('nodemon', async () => {
    const port = await freePort();
    const tool = launch('nodemon-dev', { PORT: String(port) });
    await liveThenOrphaned('nodemon-dev', tool, { port });
  }, 60_000);

  it('concurrently', async () => {
    const [port, port2] = [await freePort(), await freePort()];
    const tool = launch('concurrently-dev', { PORT: String(port), PORT2: String(port2) });
    await waitForListener({ port: port2 }, tool);
    await liveThenOrphaned('concurrently-dev', tool, { port });
    expect((await sessionListeners(tool.sid)).map((l) => l.port).sort()).toEqual([port, port2].sort());
  }, 60_000);

  it('pm2', async () => {
    const port = await freePort();
    const home = pm2Home();
    pm2Homes.push(home);
    const tool = launch('pm2-start', { PORT: String(port), PM2_HOME: home, PM2_APP_NAME: `api${port}` });
    const live = await waitForListener({ port }, tool);
    recordLaunchTree({ tool: 'pm2', phase: 'live', command: 'npm run pm2-start', port, owner: live.owner, chain: live.chain });
    expect(live.owner.sid).not.toBe(tool.sid);
  }, 60_000);
});
