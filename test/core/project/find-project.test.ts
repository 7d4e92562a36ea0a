import { describe, expect, it } from 'vitest';
import { type ProjectFs, projectOf } from '../../../main/core/project';

/** Folders that hold a package.json, with its name (null: no name field). */
function fakeFs(packages: Record<string, string | null>): ProjectFs {
  return { packageName: (dir) => (Object.hasOwn(packages, dir) ? packages[dir] : undefined) };
}

const fs = fakeFs({
  '/home/me/shop': 'shop',
  '/home/me/noname': null,
  '/home/me/mono': 'mono',
  '/home/me/mono/apps/web': '@mono/web',
  'C:\\Users\\me\\shop': 'shop',
});

describe('projectOf', () => {
  it.each([
    ['cwd is the project', { cwd: '/home/me/shop', argv: ['node', 'server.js'] }, '/home/me/shop', 'shop', 'cwd'],
    ['cwd below the project', { cwd: '/home/me/shop/src/api', argv: ['node', 'x.js'] }, '/home/me/shop', 'shop', 'cwd'],
    [
      'nearest package.json wins (a monorepo package)',
      { cwd: '/home/me/mono/apps/web', argv: ['next-server (v16.4.6)'] },
      '/home/me/mono/apps/web',
      '@mono/web',
      'cwd',
    ],
    ['no name: the folder name', { cwd: '/home/me/noname', argv: ['node', 'a.js'] }, '/home/me/noname', 'noname', 'cwd'],
    // A dependency's own package.json is not the project (a tool that chdirs into its package).
    ['cwd inside node_modules', { cwd: '/home/me/shop/node_modules/next', argv: ['node'] }, '/home/me/shop', 'shop', 'cwd'],
    // Started from / (a service, cron, a launcher that cd's to /): the script path says it.
    ['cwd is /, script path', { cwd: '/', argv: ['node', '/home/me/shop/server.js'] }, '/home/me/shop', 'shop', 'argv'],
    ['cwd unknown, .bin tool', { cwd: null, argv: ['node', '/home/me/shop/node_modules/.bin/vite'] }, '/home/me/shop', 'shop', 'argv'],
    [
      'cwd outside any project, package path',
      { cwd: '/tmp', argv: ['node', '/home/me/shop/node_modules/next/dist/bin/next', 'dev'] },
      '/home/me/shop',
      'shop',
      'argv',
    ],
    // pm2 retitles its child to `node <script>` in one string (recorded: launch-trees/pm2.live.json).
    ['retitled argv', { cwd: null, argv: ['node /home/me/shop/server.js'] }, '/home/me/shop', 'shop', 'argv'],
    ['flag with a path', { cwd: null, argv: ['node', '--require=/home/me/shop/register.js', 'x'] }, '/home/me/shop', 'shop', 'argv'],
    // Windows: no cwd at all; CommandLine keeps the package path (issue 11 item 1).
    [
      'Windows package path',
      { cwd: null, argv: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\me\\shop\\node_modules\\next\\dist\\bin\\next', 'dev'] },
      'C:\\Users\\me\\shop',
      'shop',
      'argv',
    ],
    [
      'Windows script in a subfolder',
      { cwd: null, argv: ['node.exe', 'C:\\Users\\me\\shop\\src\\server.js'] },
      'C:\\Users\\me\\shop',
      'shop',
      'argv',
    ],
  ] as const)('%s', (_name, proc, root, name, source) => {
    expect(projectOf({ cwd: proc.cwd, argv: [...proc.argv] }, fs)).toEqual({ root, name, source });
  });

  it.each([
    // A global npm is no project: its folder has no package.json.
    ['global npm', { cwd: null, argv: ['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'dev'] }],
    [
      'Windows global npm',
      { cwd: null, argv: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js'] },
    ],
    ['nothing to go on', { cwd: '/', argv: ['nginx: master process'] }],
    ['relative script with cwd /', { cwd: '/', argv: ['node', 'server.js'] }],
  ] as const)('none: %s', (_name, proc) => {
    expect(projectOf({ cwd: proc.cwd, argv: [...proc.argv] }, fs)).toBeNull();
  });

  it('resolves a relative script against a cwd that has no project', () => {
    const local = fakeFs({ '/srv/app': 'app' });
    expect(projectOf({ cwd: '/srv', argv: ['node', 'app/server.js'] }, local)).toEqual({ root: '/srv/app', name: 'app', source: 'argv' });
  });
});
