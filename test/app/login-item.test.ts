import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLoginItem } from '../../main/app/login-item';
import { buildDesktopEntry, buildExec, parseDesktopEntry, parseExec, quoteExecArg } from '../../main/app/login-item/desktop-entry';
import { autostartFile, writeFailure } from '../../main/app/login-item/linux-autostart';

const noApp = {
  setLoginItemSettings: () => {
    throw new Error('Linux must not call app.setLoginItemSettings');
  },
  getLoginItemSettings: () => {
    throw new Error('Linux must not call app.getLoginItemSettings');
  },
} as never;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pw-login-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function linux(env: NodeJS.ProcessEnv, execPath = '/opt/Portwarden/portwarden') {
  return createLoginItem('linux', { app: noApp, env, execPath, home: join(root, 'home') });
}

describe('Exec quoting (Desktop Entry spec)', () => {
  it('leaves plain arguments alone and quotes reserved characters', () => {
    expect(quoteExecArg('/opt/Portwarden/portwarden')).toBe('/opt/Portwarden/portwarden');
    expect(quoteExecArg('--hidden')).toBe('--hidden');
    expect(quoteExecArg('/home/me/My Apps/Portwarden.AppImage')).toBe('"/home/me/My Apps/Portwarden.AppImage"');
    expect(quoteExecArg("it's")).toBe(`"it's"`);
    expect(quoteExecArg('')).toBe('""');
  });

  it('escapes " ` $ \\ inside quotes, doubles backslashes again for the string layer, and doubles %', () => {
    expect(quoteExecArg('a"b')).toBe('"a\\\\"b"');
    expect(quoteExecArg('a`b')).toBe('"a\\\\`b"');
    expect(quoteExecArg('$HOME')).toBe('"\\\\$HOME"');
    // A literal backslash in a quoted argument takes four backslashes in the file (spec, "The Exec key").
    expect(quoteExecArg('a\\b')).toBe('"a\\\\\\\\b"');
    expect(quoteExecArg('100%')).toBe('100%%');
  });

  it('round-trips through the parser for awkward paths', () => {
    for (const path of ['/a b/c', '/x/$y/"z"/`w`/\\v', "/it's/100% (copy)/app", '/t\tab']) {
      const line = `Exec=${buildExec(path, ['--hidden'])}\n`;
      expect(parseExec(parseDesktopEntry(`[Desktop Entry]\n${line}`).get('Exec')!)).toEqual([path, '--hidden']);
    }
  });

  it('ignores other groups and keeps the first occurrence of a key', () => {
    const keys = parseDesktopEntry('# c\n[Desktop Entry]\nExec=a\nExec=b\n[Desktop Action x]\nHidden=true\n');
    expect(keys.get('Exec')).toBe('a');
    expect(keys.has('Hidden')).toBe(false);
  });
});

describe('Linux XDG autostart entry', () => {
  it('is created under $XDG_CONFIG_HOME/autostart, points at the installed executable with --hidden, and reads back as on', async () => {
    const config = join(root, 'xdg');
    const item = linux({ XDG_CONFIG_HOME: config }, '/opt/Portwarden Beta/portwarden');
    expect(await item.getState()).toEqual({ enabled: false, detail: null, location: null });

    const result = await item.setEnabled(true);
    const file = join(config, 'autostart', 'portwarden.desktop');
    expect(result).toEqual({ ok: true, state: { enabled: true, detail: null, location: file } });
    const keys = parseDesktopEntry(readFileSync(file, 'utf8'));
    expect(keys.get('Exec')).toBe('"/opt/Portwarden Beta/portwarden" --hidden');
    expect(keys.get('Type')).toBe('Application');
    expect(keys.get('X-GNOME-Autostart-enabled')).toBe('true');
    expect(await item.getState()).toEqual({ enabled: true, detail: null, location: file });
  });

  it('points at $APPIMAGE, not the temporary mount path, when run from an AppImage', async () => {
    const env = { XDG_CONFIG_HOME: join(root, 'xdg'), APPIMAGE: '/home/me/Apps/Portwarden-0.1.0.AppImage' };
    const item = linux(env, '/tmp/.mount_PortwaXYZ/portwarden');
    await item.setEnabled(true);
    const exec = parseDesktopEntry(readFileSync(autostartFile(env), 'utf8')).get('Exec');
    expect(exec).toBe('/home/me/Apps/Portwarden-0.1.0.AppImage --hidden');
    expect((await item.getState()).enabled).toBe(true);
  });

  it('falls back to ~/.config/autostart without XDG_CONFIG_HOME (and ignores a relative one)', async () => {
    for (const env of [{}, { XDG_CONFIG_HOME: 'relative/dir' }]) {
      const item = linux(env);
      const result = await item.setEnabled(true);
      expect(result.ok).toBe(true);
      expect(existsSync(join(root, 'home', '.config', 'autostart', 'portwarden.desktop'))).toBe(true);
      await item.setEnabled(false);
    }
  });

  it('is removed when turned off, and turning off twice is fine', async () => {
    const env = { XDG_CONFIG_HOME: join(root, 'xdg') };
    const item = linux(env);
    await item.setEnabled(true);
    expect(await item.setEnabled(false)).toEqual({ ok: true, state: { enabled: false, detail: null, location: null } });
    expect(existsSync(autostartFile(env))).toBe(false);
    expect((await item.setEnabled(false)).ok).toBe(true);
  });

  it('reads the real file: switched off by the desktop, or an entry of another install, is off', async () => {
    const env = { XDG_CONFIG_HOME: join(root, 'xdg') };
    const item = linux(env);
    await item.setEnabled(true);
    const file = autostartFile(env);
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, original.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(await item.getState()).toMatchObject({ enabled: false, detail: expect.stringContaining('Startup Applications') });

    writeFileSync(file, `${original}Hidden=true\n`);
    expect(await item.getState()).toMatchObject({ enabled: false, detail: expect.stringContaining('Hidden=true') });

    writeFileSync(file, original.replace('/opt/Portwarden/portwarden', '/old/place/portwarden'));
    expect(await item.getState()).toMatchObject({ enabled: false, detail: expect.stringContaining('/old/place/portwarden') });

    // Turning it on again repairs the entry.
    await item.setEnabled(true);
    expect((await item.getState()).enabled).toBe(true);
  });

  it('says why it cannot write, and what to do next', async () => {
    const config = join(root, 'xdg');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'autostart'), 'a file where the folder should be');
    const result = await linux({ XDG_CONFIG_HOME: config }).setEnabled(true);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(['EEXIST', 'ENOTDIR']).toContain(result.code);
    expect(result.message).toContain(join(config, 'autostart', 'portwarden.desktop'));
    expect(result.hint).toMatch(/move it away/);
  });

  it('maps permission errors to a message and a next step', () => {
    const err = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const result = writeFailure(err, '/home/me/.config/autostart/portwarden.desktop', true);
    expect(result).toEqual({
      ok: false,
      code: 'EACCES',
      message: 'Cannot write the autostart entry /home/me/.config/autostart/portwarden.desktop: permission denied',
      hint: 'check who owns /home/me/.config/autostart (ls -ld "/home/me/.config/autostart"); it must be writable by you',
    });
  });

  // Switching to another user needs root and setpriv; elsewhere the mapping test above covers the message.
  const canSwitchUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canSwitchUser)('is refused for real when the folder belongs to someone else (run as nobody)', () => {
    const config = join(root, 'xdg');
    mkdirSync(join(config, 'autostart'), { recursive: true });
    chmodSync(root, 0o755);
    const probe = join(root, 'probe.cjs');
    // The entry code is bundled so a plain `node` running as nobody can load it.
    buildSync({
      entryPoints: [join(__dirname, '../../main/app/login-item/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: join(root, 'login-item.cjs'),
      logLevel: 'error',
    });
    writeFileSync(
      probe,
      `require('./login-item.cjs').createLoginItem('linux', { app: null, env: { XDG_CONFIG_HOME: ${JSON.stringify(config)} }, execPath: '/opt/p' })
        .setEnabled(true).then((r) => process.stdout.write(JSON.stringify(r)));`,
    );
    chmodSync(probe, 0o644);
    chmodSync(join(root, 'login-item.cjs'), 0o644);
    const out = execFileSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, probe], {
      encoding: 'utf8',
    });
    const result = JSON.parse(out);
    expect(result).toMatchObject({ ok: false, code: 'EACCES', message: expect.stringContaining('permission denied') });
    expect(result.hint).toContain(join(config, 'autostart'));
  });

  it.skipIf(spawnSync('gio', ['--version']).status !== 0)(
    'writes an entry that GLib itself launches with the right argv (gio launch)',
    () => {
      // Spaces, quotes, $ and a backslash in the path: the cases the two escape layers exist for.
      const dir = join(root, 'odd "dir" $HOME `x` \\y');
      mkdirSync(dir, { recursive: true });
      const out = join(root, 'argv.txt');
      const script = join(dir, 'run me.sh');
      writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${out}'\n`);
      chmodSync(script, 0o755);
      const entry = join(root, 'entry.desktop');
      writeFileSync(entry, buildDesktopEntry({ executable: script, args: ['--hidden'] }));
      execFileSync('gio', ['launch', entry], { env: { ...process.env, DISPLAY: '' } });
      // gio launch returns once the child is spawned; the script's write may land a moment later.
      for (let i = 0; i < 200 && !existsSync(out); i++) spawnSync('sleep', ['0.05']);
      expect(readFileSync(out, 'utf8')).toBe(`${script}\n--hidden\n`);
    },
  );
});
