import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../main/core/settings/schema';
import {
  fitsSettingsLimit,
  loadSettings,
  SETTINGS_MAX_BYTES,
  saveSettings,
  SettingsError,
  settingsPath,
  updateSettings,
} from '../../../main/core/settings/store';
import { validateSettings } from '../../../main/core/settings/validate';

let home: string;
let env: NodeJS.ProcessEnv;
const NOW = Date.UTC(2025, 4, 1, 10, 2, 3);

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'portwarden-settings-'));
  env = { PORTWARDEN_HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const write = (text: string) => writeFileSync(join(home, 'settings.json'), text);

describe('loadSettings', () => {
  it('uses defaults without a warning when the file is missing', () => {
    const loaded = loadSettings({ env });
    expect(loaded).toEqual({ settings: defaultSettings(), path: join(home, 'settings.json') });
  });

  it('reads a valid file and fills in the defaults', () => {
    write(
      JSON.stringify({
        pollIntervalMs: 500,
        watchedPorts: [3000, '5173-5180'],
        recipes: { '3000': { command: 'npm start', cwd: '/app' } },
      }),
    );
    const loaded = loadSettings({ env });
    expect(loaded.warning).toBeUndefined();
    expect(loaded.settings.pollIntervalMs).toBe(500);
    expect(loaded.settings.watchedPorts).toEqual([3000, '5173-5180']);
    expect(loaded.settings.recipes['3000']?.command).toBe('npm start');
    expect(loaded.settings.buildDirs).toEqual(defaultSettings().buildDirs);
  });

  it('keeps an invalid file as a backup, uses defaults and says what was wrong and where', () => {
    write(JSON.stringify({ pollIntervalMs: 10, watchedPorts: [3000, 70000] }));
    const loaded = loadSettings({ env, now: () => NOW });
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warning).toContain('pollIntervalMs: must be at least 250');
    expect(loaded.warning).toContain('watchedPorts[1]: a port is at most 65535');
    expect(loaded.backupPath).toBe(join(home, 'settings.json.bad-2025-05-01T10-02-03-000Z'));
    expect(loaded.warning).toContain(loaded.backupPath);
    expect(JSON.parse(readFileSync(loaded.backupPath!, 'utf8')).pollIntervalMs).toBe(10);
    expect(existsSync(join(home, 'settings.json'))).toBe(false);
    // The next start finds no file: defaults, and no second warning.
    expect(loadSettings({ env }).warning).toBeUndefined();
  });

  it('keeps a corrupt (non-JSON) file as a backup and says it is not JSON', () => {
    write('{ "pollIntervalMs": 1000,, }');
    const loaded = loadSettings({ env, now: () => NOW });
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warning).toMatch(/is not valid JSON \(.+\)/);
    expect(readFileSync(loaded.backupPath!, 'utf8')).toBe('{ "pollIntervalMs": 1000,, }');
  });

  it('warns about unknown keys but keeps the rest', () => {
    write(JSON.stringify({ pollInterval: 500, probePath: '/health' }));
    const loaded = loadSettings({ env });
    expect(loaded.settings.probePath).toBe('/health');
    expect(loaded.warning).toContain('pollInterval: unknown setting, ignored');
    expect(loaded.backupPath).toBeUndefined();
    expect(existsSync(join(home, 'settings.json'))).toBe(true);
  });

  it('treats an empty file like a missing one', () => {
    write('  \n');
    expect(loadSettings({ env })).toEqual({ settings: defaultSettings(), path: join(home, 'settings.json') });
  });
});

describe('saveSettings', () => {
  it('writes atomically where loadSettings reads, and round-trips', async () => {
    const settings = { ...defaultSettings(), pollIntervalMs: 2000, httpPorts: [8080] };
    const path = await saveSettings(settings, { env: { PORTWARDEN_HOME: join(home, 'nested') } });
    expect(path).toBe(settingsPath({ env: { PORTWARDEN_HOME: join(home, 'nested') } }));
    expect(readdirSync(join(home, 'nested'))).toEqual(['settings.json']);
    expect(loadSettings({ env: { PORTWARDEN_HOME: join(home, 'nested') } }).settings).toEqual(settings);
  });

  it('refuses invalid settings with the reason', async () => {
    await expect(saveSettings({ ...defaultSettings(), pollIntervalMs: 1 }, { env })).rejects.toThrow(SettingsError);
    await expect(saveSettings({ ...defaultSettings(), pollIntervalMs: 1 }, { env })).rejects.toThrow(
      'pollIntervalMs: must be at least 250',
    );
    expect(existsSync(join(home, 'settings.json'))).toBe(false);
  });
});

describe('the write path: lock, symlinks, size cap', () => {
  const file = () => join(home, 'settings.json');

  it('writes a symlinked settings.json through to its target and keeps the link (relative links too)', async () => {
    mkdirSync(join(home, 'dotfiles'));
    writeFileSync(join(home, 'dotfiles', 'portwarden.json'), JSON.stringify({ probePath: '/kept' }));
    symlinkSync(join('dotfiles', 'portwarden.json'), file());
    await updateSettings(({ loaded, save }) => save({ ...loaded.settings, pollIntervalMs: 750 }), { env });
    expect(lstatSync(file()).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file())).toBe(join('dotfiles', 'portwarden.json'));
    expect(JSON.parse(readFileSync(join(home, 'dotfiles', 'portwarden.json'), 'utf8'))).toMatchObject({
      probePath: '/kept',
      pollIntervalMs: 750,
    });
    // The lock and temp files lived beside the target and are gone.
    expect(readdirSync(join(home, 'dotfiles'))).toEqual(['portwarden.json']);
    expect(readdirSync(home).sort()).toEqual(['dotfiles', 'settings.json']);
  });

  it('creates the target of a dangling link rather than replacing the link', async () => {
    symlinkSync(join(home, 'elsewhere.json'), file());
    await saveSettings({ ...defaultSettings(), killGraceMs: 1000 }, { env });
    expect(lstatSync(file()).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(home, 'elsewhere.json'), 'utf8')).killGraceMs).toBe(1000);
  });

  it('neither loads nor saves over a file bigger than the cap, and says so in one line', async () => {
    const big = `{"probePath": "/x", "pad": "${'x'.repeat(SETTINGS_MAX_BYTES)}"}`;
    write(big);
    const loaded = loadSettings({ env });
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warning).toBe(
      `settings ${file()} is ${big.length} bytes, over the 1 MiB limit: not loaded, and not saved over; using defaults. Shrink it or move it away.`,
    );
    expect(loaded.saveWouldReplace).toBeDefined();
    expect(loaded.backupPath).toBeUndefined();
    await expect(saveSettings(defaultSettings(), { env })).rejects.toThrow(
      `settings ${file()} is ${big.length} bytes, over the 1 MiB limit`,
    );
    expect(readFileSync(file(), 'utf8')).toBe(big);
    expect(readdirSync(home)).toEqual(['settings.json']);
  });

  it('accepts a file right at the cap', () => {
    const body = JSON.stringify({ probePath: '/x', pad: '' });
    write(body.replace('"pad":""', `"pad":"${'x'.repeat(SETTINGS_MAX_BYTES - body.length)}"`));
    expect(loadSettings({ env }).settings.probePath).toBe('/x');
  });

  it('fitsSettingsLimit refuses what is too big or not JSON', () => {
    expect(fitsSettingsLimit(defaultSettings())).toBe(true);
    expect(fitsSettingsLimit({ pad: 'x'.repeat(SETTINGS_MAX_BYTES) })).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(fitsSettingsLimit(cycle)).toBe(false);
    expect(fitsSettingsLimit(undefined)).toBe(false);
  });

  it('fails in one line naming the lock file when another writer holds it too long', async () => {
    writeFileSync(`${file()}.lock`, JSON.stringify({ pid: process.pid, start: null, nonce: 'other' }));
    const err = await saveSettings(defaultSettings(), { env, lock: { timeoutMs: 100, staleMs: 60_000 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as Error).message).toContain(`waiting for the lock ${file()}.lock (held by PID ${process.pid})`);
    expect(existsSync(file())).toBe(false);
  });

  it('serializes in-process writers too: every change survives', async () => {
    const keys = ['probeTimeoutMs', 'probeIntervalMs', 'killGraceMs', 'restartTimeoutMs'] as const;
    await Promise.all(
      keys.map((key, i) =>
        updateSettings(
          async ({ loaded, save }) => {
            await new Promise((r) => setTimeout(r, 5)); // a window for a lost update, were there no lock
            return save({ ...loaded.settings, [key]: 1000 + i });
          },
          { env },
        ),
      ),
    );
    const onDisk = JSON.parse(readFileSync(file(), 'utf8'));
    keys.forEach((key, i) => expect(onDisk[key]).toBe(1000 + i));
  });
});

describe('validateSettings', () => {
  it.each([
    [{ watchedPorts: ['abc'] }, 'watchedPorts[0]: a range is written "from-to"'],
    [{ watchedPorts: ['9-3'] }, 'watchedPorts[0]: a range goes from a lower to a higher port'],
    [{ buildDirs: 'dist' }, 'buildDirs: must be an array (got a string)'],
    [{ recipes: { web: { command: 'x', cwd: '/' } } }, 'recipes.web: recipes are keyed by port number (not "web")'],
    [{ recipes: { '3000': { cwd: '/app' } } }, 'recipes.3000.command: is required'],
    [{ recipes: { '3000': { command: '', cwd: '/app' } } }, 'recipes.3000.command: the command is empty'],
    [{ probeTimeoutMs: 10 ** 9 }, 'probeTimeoutMs: must be at most 30000'],
    [{ notifications: 'yes' }, 'notifications: must be a boolean (got a string)'],
    [[1, 2], '(the whole file): must be a JSON object'],
    [null, '(the whole file): must be a JSON object'],
  ])('%j → %s', (input, message) => {
    const result = validateSettings(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });

  it('accepts an empty object as all defaults', () => {
    expect(validateSettings({})).toEqual({ ok: true, settings: defaultSettings(), warnings: [] });
  });
});
