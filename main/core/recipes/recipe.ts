import { formatArgv } from '../../shared';
import type { RecipeConfig } from '../settings/schema';

/** Where a recipe came from; the UI and the CLI always show it. */
export type RecipeSource = 'command-line' | 'settings' | 'observed' | 'remembered' | 'package.json' | 'process-manager';

export interface Recipe {
  /** An argv executed as is, or one string run through the shell (`sh -c` / `cmd /c`). */
  command: string | string[];
  cwd: string;
  env?: Record<string, string>;
  /**
   * 'replace': `env` is the whole environment the old server had (observed), so a tray app started
   * at login (no nvm, no shell PATH) starts it as the terminal did; 'merge': added to Portwarden's.
   */
  envMode?: 'replace' | 'merge';
  /** The path probed after start; null turns the HTTP probe off. */
  probePath?: string | null;
  timeoutMs?: number;
  source: RecipeSource;
  /** One line on where it came from, e.g. "launched as `npm run dev` by PID 4120". */
  origin: string;
}

export function commandText(command: Recipe['command']): string {
  return typeof command === 'string' ? command : formatArgv(command);
}

export function recipeFromSettings(port: number, config: RecipeConfig): Recipe {
  return {
    command: config.command,
    cwd: config.cwd,
    ...(config.env ? { env: config.env, envMode: 'merge' as const } : {}),
    ...(config.probePath !== undefined ? { probePath: config.probePath } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    source: 'settings',
    origin: `settings: recipes["${port}"]`,
  };
}

/**
 * `-- command…` on the command line: several words are an argv run as is; a single word with
 * spaces is a shell command line (`-- "npm run dev > out.txt"`).
 */
export function recipeFromCommandLine(words: readonly string[], cwd: string): Recipe {
  const command = words.length === 1 && /\s/.test(words[0]!) ? words[0]! : [...words];
  return { command, cwd, source: 'command-line', origin: 'given on the command line' };
}

/** The recipe's fields for `--json` and the UI: the environment is listed by name only (it holds secrets). */
export function recipeToJson(r: Recipe): Record<string, unknown> {
  return {
    command: r.command,
    cwd: r.cwd,
    ...(r.env ? { envKeys: Object.keys(r.env).sort(), envMode: r.envMode ?? 'merge' } : {}),
    ...(r.probePath !== undefined ? { probePath: r.probePath } : {}),
    ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
    source: r.source,
    origin: r.origin,
  };
}
