import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { spawnSpec } from '../../../main/core/restart/spawn-spec';
import { cmdLineForArgv, escapeCmdArgument, whichWindows } from '../../../main/core/restart/windows-command';
import { posixOnly } from '../../helpers/platform';

// Nothing here ran on Windows: the win32 specs are checked as data against what Node does for
// `shell: true` and what cross-spawn does for .cmd shims, not against a real cmd.exe.

const WIN_ENV = {
  Path: 'C:\\Program Files\\nodejs;C:\\Users\\Alice\\shop\\node_modules\\.bin',
  PATHEXT: '.COM;.EXE;.BAT;.CMD',
  ComSpec: 'C:\\WINDOWS\\system32\\cmd.exe',
};
const WIN_FILES = new Set([
  'c:\\program files\\nodejs\\node.exe',
  'c:\\program files\\nodejs\\npm.cmd',
  'c:\\users\\alice\\shop\\node_modules\\.bin\\next.cmd',
]);
// NTFS answers whatever the case of the name.
const onDisk = (p: string) => WIN_FILES.has(p.toLowerCase());
const which = (name: string, cwd: string, env: NodeJS.ProcessEnv) => whichWindows(name, cwd, env, onDisk);
const win = (command: string | string[]) =>
  spawnSpec({ command, cwd: 'C:\\Users\\Alice\\shop' }, { platform: 'win32', env: WIN_ENV, which });

describe('spawnSpec on Windows', () => {
  it('a shell line: cmd.exe /d /s /c "<line>", verbatim, as Node runs shell: true', () => {
    expect(win('npm run start -- -p 4321 && echo done')).toEqual({
      file: 'C:\\WINDOWS\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"npm run start -- -p 4321 && echo done"'],
      options: { cwd: 'C:\\Users\\Alice\\shop', env: WIN_ENV, detached: true, windowsHide: true, windowsVerbatimArguments: true },
    });
  });

  it('an argv whose program is an .exe: spawned directly, its path resolved, Node quoting the arguments', () => {
    expect(win(['node', 'server.js', '--port', '4321'])).toEqual({
      file: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['server.js', '--port', '4321'],
      options: { cwd: 'C:\\Users\\Alice\\shop', env: WIN_ENV, detached: true, windowsHide: true },
    });
  });

  it('`npm` is npm.cmd: through cmd.exe (Node refuses a .cmd without a shell), each part escaped for cmd', () => {
    const spec = win(['npm', 'run', 'start', '--', '-p', '4321']);
    expect(spec.file).toBe('C:\\WINDOWS\\system32\\cmd.exe');
    expect(spec.args).toEqual(['/d', '/s', '/c', '"C:\\Program^ Files\\nodejs\\npm.cmd ^"run^" ^"start^" ^"--^" ^"-p^" ^"4321^""']);
    expect(spec.options.windowsVerbatimArguments).toBe(true);
  });

  it('a node_modules\\.bin shim is escaped twice (it hands %* to node through a second cmd parse)', () => {
    expect(cmdLineForArgv('C:\\Users\\Alice\\shop\\node_modules\\.bin\\next.cmd', ['start'])).toBe(
      'C:\\Users\\Alice\\shop\\node_modules\\.bin\\next.cmd ^^^"start^^^"',
    );
  });

  it('cmd metacharacters and quotes in arguments stay literal', () => {
    expect(escapeCmdArgument('a&b|c', false)).toBe('^"a^&b^|c^"');
    expect(escapeCmdArgument('say "hi"', false)).toBe('^"say^ \\^"hi\\^"^"');
    expect(escapeCmdArgument('C:\\dir\\', false)).toBe('^"C:\\dir\\\\^"');
    expect(escapeCmdArgument('100%', false)).toBe('^"100^%^"');
  });

  it('a program found nowhere is spawned as named, so the spawn error names it (ENOENT)', () => {
    expect(win(['no-such-tool', 'x'])).toMatchObject({ file: 'no-such-tool', args: ['x'] });
  });

  it('reads PATH, PATHEXT and ComSpec whatever their case, and falls back to cmd.exe', () => {
    const spec = spawnSpec({ command: 'dir', cwd: 'C:\\' }, { platform: 'win32', env: { PATH: 'C:\\x' }, which });
    expect(spec.file).toBe('cmd.exe');
    expect(whichWindows('npm', 'C:\\', { PATH: 'C:\\Program Files\\nodejs', pathext: '.EXE;.CMD' }, onDisk)).toBe(
      'C:\\Program Files\\nodejs\\npm.cmd',
    );
  });
});

describe('spawnSpec on POSIX', () => {
  const posix = (command: string | string[]) =>
    spawnSpec({ command, cwd: '/home/dev/shop' }, { platform: 'linux', env: { PATH: '/usr/bin' } });

  it('a shell line through /bin/sh -c; an argv directly; a new session, no window flags that matter', () => {
    expect(posix('npm run dev')).toEqual({
      file: '/bin/sh',
      args: ['-c', 'npm run dev'],
      options: { cwd: '/home/dev/shop', env: { PATH: '/usr/bin' }, detached: true, windowsHide: true },
    });
    expect(posix(['node', 'server.js'])).toEqual({
      file: 'node',
      args: ['server.js'],
      options: { cwd: '/home/dev/shop', env: { PATH: '/usr/bin' }, detached: true, windowsHide: true },
    });
  });
});

posixOnly('runs /bin/sh').describe('spawnSpec for this machine', () => {
  it('the spec for a shell line runs the line', () => {
    const spec = spawnSpec({ command: 'echo "$((20 + 22))" && echo ok', cwd: '/' }, { platform: process.platform, env: process.env });
    const out = spawnSync(spec.file, spec.args, { cwd: spec.options.cwd, env: spec.options.env, encoding: 'utf8' });
    expect(out.stdout).toBe('42\nok\n');
  });
});
