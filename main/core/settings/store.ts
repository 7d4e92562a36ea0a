import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AppPaths, appPaths } from '../paths';
import { defaultSettings, type Settings } from './schema';
import { validateSettings } from './validate';

const SETTINGS_FILE = 'settings.json';

export interface LoadedSettings {
  settings: Settings;
  path: string;
  /** What was wrong with the file, where, and where the bad copy was kept; absent when all is well. */
  warning?: string;
  backupPath?: string;
  /**
   * Set when a file is there that these settings do not come from (unreadable, or invalid and
   * not moved aside): saving would replace what the user wrote with defaults. Says why.
   */
  saveWouldReplace?: string;
}

export interface StoreOptions {
  paths?: AppPaths;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function settingsPath(options: StoreOptions = {}): string {
  return join((options.paths ?? appPaths(options.env)).config, SETTINGS_FILE);
}

/** Windows forbids ':' in file names, so the ISO time is written with '-'. */
function backupName(path: string, now: number): string {
  return `${path}.bad-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Reads settings.json. A missing file means defaults. A corrupt or invalid file is moved aside
 * (so the next start does not trip over it again and nothing the user wrote is lost), defaults
 * are used, and the warning says what was wrong, where, and where the file went.
 */
export function loadSettings(options: StoreOptions = {}): LoadedSettings {
  const path = settingsPath(options);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: defaultSettings(), path };
    const why = `could not read settings ${path} (${code ?? String(err)})`;
    return { settings: defaultSettings(), path, warning: `${why}; using defaults. Check the file's permissions.`, saveWouldReplace: why };
  }
  if (text.trim() === '') return { settings: defaultSettings(), path };

  let problem: string;
  try {
    const result = validateSettings(JSON.parse(text));
    if (result.ok) {
      const warning = result.warnings.length ? `settings ${path}: ${result.warnings.join('; ')}` : undefined;
      return { settings: result.settings, path, ...(warning ? { warning } : {}) };
    }
    problem = `is invalid: ${result.errors.join('; ')}`;
  } catch (err) {
    problem = `is not valid JSON (${(err as Error).message})`;
  }
  const backupPath = backupName(path, (options.now ?? Date.now)());
  try {
    renameSync(path, backupPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    const warning = `settings ${path} ${problem}. Using defaults; it could not be moved aside (${code}); fix it in place.`;
    return { settings: defaultSettings(), path, warning, saveWouldReplace: `settings ${path} ${problem} and could not be moved aside (${code})` };
  }
  const kept = `the file was moved to ${backupPath}; fix it there and move it back, or save new settings`;
  return { settings: defaultSettings(), path, backupPath, warning: `settings ${path} ${problem}. Using defaults; ${kept}.` };
}

export class SettingsError extends Error {}

/** Validates, then writes atomically (temp file + rename) so a crash never leaves half a file. */
export function saveSettings(settings: Settings, options: StoreOptions = {}): string {
  const result = validateSettings(settings);
  if (!result.ok) throw new SettingsError(`settings not saved: ${result.errors.join('; ')}`);
  const path = settingsPath(options);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, `${JSON.stringify(result.settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    // The temp file is ours; the folder and the file are what the user can fix.
    throw new SettingsError(`could not write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); check that ${dirname(path)} is writable`);
  }
  return path;
}
