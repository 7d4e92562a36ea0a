import { describe, expect, it } from 'vitest';
import { findLaunchRoot, isLauncher, observeLaunch } from '../../../main/core/recipes';
import { proc } from '../kill/process-fixtures';

const app = '/home/dev/app';
const terminal = proc({ pid: 10, name: 'bash', argv: ['-bash'], cwd: app });

describe('isLauncher', () => {
  it.each([
    [['npm', 'run', 'dev']],
    [['/usr/bin/node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'dev']],
    [['node', '/home/dev/.nvm/versions/node/v20/lib/node_modules/npm/bin/npx-cli.js', 'vite']],
    [['node', '/usr/local/lib/node_modules/pnpm/bin/pnpm.cjs', 'dev']],
    [['/usr/bin/yarn', 'dev']],
    [['bun', 'run', 'dev']],
    [['sh', '-c', 'next dev']],
    [['/bin/bash', '-lc', 'vite --port 5173']],
    [['C:\\Windows\\system32\\cmd.exe', '/d', '/s', '/c', 'next dev']],
    [['npm run dev']], // npm rewrites its process title
  ])('%j is a launcher', (argv) => {
    expect(isLauncher(proc({ pid: 2, argv, name: 'x' }))).toBe(true);
  });

  it.each([[['-bash']], [['bash']], [['node', 'server.js']], [['node', '--watch', 'server.js']], [['nodemon', 'server.js']], [['python3', '-m', 'http.server']]])(
    '%j is not',
    (argv) => {
      expect(isLauncher(proc({ pid: 2, argv, name: 'x' }))).toBe(false);
    },
  );
});

describe('findLaunchRoot / observeLaunch', () => {
  // terminal -> npm run dev -> sh -c "next dev" -> next-server
  const npm = proc({ pid: 100, ppid: 10, name: 'npm run dev', argv: ['npm', 'run', 'dev'], cwd: app });
  const sh = proc({ pid: 101, ppid: 100, name: 'sh', argv: ['sh', '-c', 'next dev'], cwd: app });
  const server = proc({ pid: 102, ppid: 101, name: 'next-server (v15', argv: ['next-server (v15.1.0)'], cwd: app });

  it('climbs through sh -c to npm and stops at the interactive shell', () => {
    expect(findLaunchRoot(server, [sh, npm, terminal]).pid).toBe(100);
  });

  it('stops where the directory changes', () => {
    const otherNpm = { ...npm, cwd: '/home/dev' };
    expect(findLaunchRoot(server, [sh, otherNpm, terminal]).pid).toBe(101);
  });

  it('keeps argv, cwd and the environment of the launch root', () => {
    const seen: number[] = [];
    const observed = observeLaunch(server, [sh, npm, terminal], (pid) => (seen.push(pid), { PATH: '/usr/bin', NODE_ENV: 'development' }));
    expect(seen).toEqual([100]);
    expect(observed?.root.pid).toBe(100);
    expect(observed?.recipe).toEqual({
      command: ['npm', 'run', 'dev'],
      cwd: app,
      env: { PATH: '/usr/bin', NODE_ENV: 'development' },
      envMode: 'replace',
      source: 'observed',
      origin: 'launched as `npm run dev` by PID 100',
    });
  });

  it('uses the server itself when it has no launcher (an orphan), and a rewritten title as a shell line', () => {
    const orphan = proc({ pid: 7, ppid: 1, argv: ['/usr/bin/node', 'server.js'], cwd: app });
    expect(observeLaunch(orphan, [proc({ pid: 1, name: 'systemd', argv: ['/sbin/init'] })])?.recipe).toMatchObject({
      command: ['/usr/bin/node', 'server.js'],
      origin: 'started as `/usr/bin/node server.js` by PID 7',
    });
    expect(observeLaunch({ ...npm, ppid: 1, argv: ['npm run dev'] }, [])?.recipe.command).toBe('npm run dev');
  });

  it('observes nothing without a cwd or an argv (another user\'s process)', () => {
    expect(observeLaunch(proc({ pid: 7, cwd: null }), [])).toBeNull();
    expect(observeLaunch(proc({ pid: 7, argv: [] }), [])).toBeNull();
  });
});
