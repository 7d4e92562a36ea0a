import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AppPaths {
  /** Where settings.json lives. */
  config: string;
  /** Where state Portwarden writes lives: remembered recipes, restart logs. */
  data: string;
  logs: string;
}

/**
 * One answer for the CLI and the tray app, so both read the same settings: XDG on Linux, the
 * usual places on macOS and Windows. PORTWARDEN_HOME puts everything under one folder (tests,
 * portable installs).
 */
export function appPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): AppPaths {
  if (env.PORTWARDEN_HOME) {
    const root = env.PORTWARDEN_HOME;
    return { config: root, data: join(root, 'data'), logs: join(root, 'logs') };
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support', 'Portwarden');
    return { config: support, data: support, logs: join(home, 'Library', 'Logs', 'Portwarden') };
  }
  if (platform === 'win32') {
    const roaming = env.APPDATA || join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    return { config: join(roaming, 'Portwarden'), data: join(local, 'Portwarden'), logs: join(local, 'Portwarden', 'logs') };
  }
  const config = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'portwarden');
  const state = join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'portwarden');
  return { config, data: state, logs: join(state, 'logs') };
}
