import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_HOOKS_ENV } from '../../main/app/e2e-hooks';
import { appPaths } from '../../main/core/paths';
import { defaultSettings, type Settings } from '../../main/core/settings/schema';
import { saveSettings } from '../../main/core/settings/store';
import { freePort, killTracked, SERVER_SCRIPT, type StartedServer, startServer, track, waitFor } from '../helpers/processes';

// What the e2e test arranges before it launches the app, kept apart so a test that runs on every
// machine (setup.test.ts) proves the arrangement right where the Electron binary is missing.

export interface E2eWorld {
  /** PORTWARDEN_HOME: settings.json, remembered recipes and restart logs, all in a temp folder. */
  home: string;
  port: number;
  server: StartedServer;
  /** The app's environment: the temp home and the tray-menu hook. */
  env: Record<string, string>;
  dispose(): void;
}

/**
 * A real server on an ephemeral port, and settings that watch only that port with a recipe of
 * our own: a configured recipe restarts alike on every OS (Windows gives no cwd to observe).
 */
export async function prepareWorld(): Promise<E2eWorld> {
  const home = mkdtempSync(join(tmpdir(), 'portwarden-e2e-'));
  const port = await freePort();
  const server = await startServer({ port });
  // Playwright takes defined strings only; process.env's type allows undefined values.
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined);
  const env = { ...Object.fromEntries(inherited), PORTWARDEN_HOME: home, [E2E_HOOKS_ENV]: '1' };
  const settings: Settings = {
    ...defaultSettings(),
    watchedPorts: [port],
    httpPorts: [port],
    pollIntervalMs: 250,
    probeIntervalMs: 1000,
    killGraceMs: 1000,
    notifications: false,
    recipes: { [port]: { command: [process.execPath, SERVER_SCRIPT, JSON.stringify({ port })], cwd: home, probePath: '/' } },
  };
  saveSettings(settings, { paths: appPaths(env) });
  return {
    home,
    port,
    server,
    env,
    dispose() {
      killTracked();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The fixture server answers "ok <pid>": the PID that answers on the port, tracked for cleanup. */
export async function answeringPid(port: number): Promise<number> {
  const pid = await waitFor(
    async () => {
      try {
        const match = /^ok (\d+)$/.exec(await (await fetch(`http://127.0.0.1:${port}/`)).text());
        return match ? Number(match[1]) : undefined;
      } catch {
        return undefined; // not listening yet
      }
    },
    10_000,
    `an answer on port ${port}`,
  );
  track(pid);
  return pid;
}
