import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AppPaths, appPaths } from '../paths';
import { readFileCapped, writeFileAtomic, writeTarget } from './atomic-file';
import { LockError, type LockOptions, withFileLock } from './file-lock';
import { defaultSettings, type Settings } from './schema';
import { validateSettings } from './validate';

const SETTINGS_FILE = 'settings.json';

/** Settings are a few kilobytes; a file (or an IPC payload) past this is a mistake or an attack, never loaded. */
export const SETTINGS_MAX_BYTES = 1024 * 1024;

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
  lock?: LockOptions;
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
    const read = readFileCapped(path, SETTINGS_MAX_BYTES);
    if (!read.ok) {
      const why = tooBig(path, read.size);
      return { settings: defaultSettings(), path, warning: `${why}; using defaults. Shrink it or move it away.`, saveWouldReplace: why };
    }
    text = read.text;
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
    return {
      settings: defaultSettings(),
      path,
      warning,
      saveWouldReplace: `settings ${path} ${problem} and could not be moved aside (${code})`,
    };
  }
  const kept = `the file was moved to ${backupPath}; fix it there and move it back, or save new settings`;
  return { settings: defaultSettings(), path, backupPath, warning: `settings ${path} ${problem}. Using defaults; ${kept}.` };
}

function tooBig(path: string, size: number): string {
  return `settings ${path} is ${size} bytes, over the ${SETTINGS_MAX_BYTES / 1024 / 1024} MiB limit: not loaded, and not saved over`;
}

export class SettingsError extends Error {}

/** For input from elsewhere (IPC): true when `value` is JSON of at most SETTINGS_MAX_BYTES. */
export function fitsSettingsLimit(value: unknown): boolean {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && Buffer.byteLength(text) <= SETTINGS_MAX_BYTES;
  } catch {
    return false; // cycles, BigInt: not settings
  }
}

function writeFailure(path: string, err: unknown): SettingsError {
  // The temp and lock files are ours; the folder and the file are what the user can fix.
  return new SettingsError(
    `could not write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); check that ${dirname(path)} is writable`,
  );
}

/** Validates and writes; the caller holds the settings lock. */
function writeHeld(settings: Settings, path: string): string {
  const result = validateSettings(settings);
  if (!result.ok) throw new SettingsError(`settings not saved: ${result.errors.join('; ')}`);
  const text = `${JSON.stringify(result.settings, null, 2)}\n`;
  if (Buffer.byteLength(text) > SETTINGS_MAX_BYTES)
    throw new SettingsError(
      `settings not saved: ${Buffer.byteLength(text)} bytes is over the ${SETTINGS_MAX_BYTES / 1024 / 1024} MiB limit`,
    );
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // not there yet
  }
  // A file too big to load is the user's, kept as it is: never replaced by what we could not read.
  if (size > SETTINGS_MAX_BYTES) throw new SettingsError(`${tooBig(path, size)}; shrink it or move it away first`);
  try {
    writeFileAtomic(path, text, 0o600);
  } catch (err) {
    throw writeFailure(path, err);
  }
  return path;
}

export interface SettingsUpdate {
  /** What is on disk now, read while holding the lock. */
  loaded: LoadedSettings;
  /** Validates and writes atomically; returns the settings path. */
  save(settings: Settings): string;
}

/**
 * Runs one load-modify-save holding the settings lock, so two writers (two `config set`, or the
 * CLI and the app) never both start from the same file and lose one of the changes.
 */
export async function updateSettings<T>(change: (update: SettingsUpdate) => T | Promise<T>, options: StoreOptions = {}): Promise<T> {
  const path = settingsPath(options);
  let target: string;
  try {
    // Locked where the data is: a symlinked settings.json is guarded next to its target.
    target = writeTarget(path);
    mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw writeFailure(path, err);
  }
  try {
    return await withFileLock(
      target,
      () => change({ loaded: loadSettings(options), save: (settings) => writeHeld(settings, path) }),
      options.lock,
    );
  } catch (err) {
    if (!(err instanceof LockError)) throw err;
    throw err.code === 'ETIMEDOUT' ? new SettingsError(err.message) : writeFailure(path, err);
  }
}

/** Replaces the whole file with `settings` (the app's Save), under the same lock. */
export function saveSettings(settings: Settings, options: StoreOptions = {}): Promise<string> {
  return updateSettings(({ save }) => save(settings), options);
}
