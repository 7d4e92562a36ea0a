// Hand-written command lines: each comment says where the shape comes from.
import { describe, expect, it } from 'vitest';
import { classifyAncestor, classifyChain, type LaunchKind, launchRoot } from '../../../main/core/launch-tree';
import type { ProcessInfo } from '../../../main/core/types';

let nextPid = 100;
function proc(argv: string[], extra: Partial<ProcessInfo> = {}): ProcessInfo {
  const pid = nextPid++;
  return {
    pid,
    startTime: 1,
    ppid: pid - 1,
    pgid: null,
    sid: null,
    name: argv[0]?.split('/').pop() ?? '',
    argv,
    exe: null,
    cwd: '/home/me/shop',
    user: 'me',
    uid: 1000,
    state: 'sleeping',
    forwarder: null,
    ...extra,
  };
}

const table: [string, string[], LaunchKind, string][] = [
  // npm's CLI before it retitles itself (macOS ps shows this shape), and a global install.
  ['npm via npm-cli.js', ['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'dev'], 'launcher', 'npm run dev'],
  // npm 7+ rewrites process.title (recorded on Linux: test/fixtures/launch-trees).
  ['npm retitled', ['npm run dev'], 'launcher', 'npm run dev'],
  ['npx', ['node', '/usr/lib/node_modules/npm/bin/npx-cli.js', 'vite'], 'launcher', 'npx vite'],
  ['pnpm global', ['node', '/usr/local/lib/node_modules/pnpm/bin/pnpm.cjs', 'dev'], 'launcher', 'pnpm dev'],
  // pnpm -r runs the script in every workspace package at once.
  ['pnpm -r', ['node', '/usr/local/lib/node_modules/pnpm/bin/pnpm.cjs', '-r', 'dev'], 'parallel-runner', 'pnpm -r'],
  ['yarn classic', ['node', '/usr/share/yarn/bin/yarn.js', 'dev'], 'launcher', 'yarn dev'],
  ['corepack shim', ['node', '/usr/lib/node_modules/corepack/dist/pnpm.js', 'dev'], 'launcher', 'corepack dev'],
  ['bun run', ['bun', 'run', 'dev'], 'launcher', 'bun run dev'],
  ['sh -c (npm run-script)', ['sh', '-c', 'next dev'], 'launcher', 'sh -c next dev'],
  ['bash -lc', ['/bin/bash', '-lc', 'vite --port 4321'], 'launcher', 'bash -c vite --port 4321'],
  // npm on Windows runs scripts through cmd.exe /d /s /c.
  ['cmd /d /s /c', ['C:\\Windows\\system32\\cmd.exe', '/d', '/s', '/c', 'next dev'], 'launcher', 'cmd /c next dev'],
  ['next via .bin', ['node', '/home/me/shop/node_modules/.bin/next', 'dev'], 'tool', 'next dev'],
  [
    'next via its package path, Windows',
    ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\me\\shop\\node_modules\\next\\dist\\bin\\next', 'dev'],
    'tool',
    'next dev',
  ],
  [
    'vite renamed interpreter',
    ['/home/me/.nvm/versions/node/v20.19.0/bin/node', '/home/me/shop/node_modules/vite/bin/vite.js'],
    'tool',
    'vite',
  ],
  ['nuxi', ['node', '/home/me/shop/node_modules/nuxi/bin/nuxi.mjs', 'dev'], 'tool', 'nuxt dev'],
  ['astro', ['node', '/home/me/shop/node_modules/.bin/astro', 'dev'], 'tool', 'astro dev'],
  ['remix, scoped package', ['node', '/home/me/shop/node_modules/@remix-run/dev/dist/cli.js', 'dev'], 'tool', 'remix dev'],
  ['webpack-dev-server', ['node', '/home/me/shop/node_modules/.bin/webpack-dev-server'], 'tool', 'webpack-dev-server'],
  ['nodemon', ['node', '/home/me/shop/node_modules/.bin/nodemon', 'server.js'], 'watch-supervisor', 'nodemon'],
  // Node 22's built-in watch mode: the parent restarts a child running the same script.
  ['node --watch', ['node', '--watch', 'server.js'], 'watch-supervisor', 'node --watch'],
  ['tsx watch', ['node', '/home/me/shop/node_modules/.bin/tsx', 'watch', 'src/server.ts'], 'watch-supervisor', 'tsx watch'],
  ['ts-node-dev', ['node', '/home/me/shop/node_modules/.bin/ts-node-dev', '--respawn', 'src/index.ts'], 'watch-supervisor', 'ts-node-dev'],
  ['bun --hot', ['bun', '--hot', 'server.ts'], 'watch-supervisor', 'bun --watch'],
  ['concurrently', ['node', '/home/me/shop/node_modules/.bin/concurrently', 'npm:dev:*'], 'parallel-runner', 'concurrently'],
  ['run-p', ['node', '/home/me/shop/node_modules/.bin/run-p', 'dev:*'], 'parallel-runner', 'run-p'],
  // turbo is a native binary shipped in a per-platform package.
  ['turbo', ['/home/me/shop/node_modules/turbo-linux-64/bin/turbo', 'run', 'dev'], 'parallel-runner', 'turbo run'],
  ['nx', ['node', '/home/me/shop/node_modules/.bin/nx', 'run-many', '-t', 'serve'], 'parallel-runner', 'nx'],
  // pm2 retitles its daemon (recorded: test/fixtures/launch-trees/pm2.live.json).
  ['pm2 daemon', ['PM2 v6.0.14: God Daemon (/home/me/.pm2)'], 'process-manager', 'pm2 God Daemon'],
  ['forever monitor', ['node', '/usr/lib/node_modules/forever/bin/monitor', 'server.js'], 'process-manager', 'forever'],
  ['systemd --user', ['/usr/lib/systemd/systemd', '--user'], 'process-manager', 'systemd'],
  [
    'containerd shim',
    ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', 'ab12', '-address', '/run/containerd/containerd.sock'],
    'process-manager',
    'docker',
  ],
  ['login shell', ['-bash'], 'other', '-bash'],
  ['interactive zsh', ['/usr/bin/zsh'], 'other', 'zsh'],
  ['terminal', ['/usr/libexec/gnome-terminal-server'], 'other', 'gnome-terminal-server'],
];

describe('classifyAncestor', () => {
  it.each(table)('%s', (_name, argv, kind, command) => {
    const nodes = classifyChain(proc(['node', 'server.js']), [proc(argv)]);
    expect({ kind: nodes[1]!.kind, command: nodes[1]!.command }).toEqual({ kind, command });
    expect(classifyAncestor(proc(argv)).kind).toBe(kind);
  });
});

describe('launchRoot', () => {
  it('stops at a login shell', () => {
    const nodes = classifyChain(proc(['node', 'server.js']), [proc(['npm run start']), proc(['-bash'])]);
    expect(launchRoot(nodes).command).toBe('npm run start');
  });

  it('stops at a launcher of another project (a monorepo root running a package)', () => {
    const owner = proc(['next-server (v16.4.6)'], { cwd: '/mono/apps/web' });
    const chain = [
      proc(['node', '/mono/apps/web/node_modules/.bin/next', 'dev'], { cwd: '/mono/apps/web' }),
      proc(['npm run dev'], { cwd: '/mono' }),
    ];
    expect(launchRoot(classifyChain(owner, chain)).command).toBe('next dev');
  });

  it('takes a project predicate for folders that differ but hold one project', () => {
    const owner = proc(['node', 'server.js'], { cwd: '/home/me/shop/api' });
    const chain = [proc(['node', '/home/me/shop/node_modules/.bin/nodemon', 'server.js'], { cwd: '/home/me/shop' })];
    const sameShop = (a: ProcessInfo, b: ProcessInfo) => Boolean(a.cwd?.startsWith('/home/me/shop') && b.cwd?.startsWith('/home/me/shop'));
    expect(launchRoot(classifyChain(owner, chain)).command).toBe('node server.js');
    expect(launchRoot(classifyChain(owner, chain), sameShop).command).toBe('nodemon');
  });

  it('is the owner itself under a process manager', () => {
    const nodes = classifyChain(proc(['node /srv/api/server.js']), [proc(['PM2 v7.0.4: God Daemon (/root/.pm2)'])]);
    expect(launchRoot(nodes).command).toBe('node server.js');
  });

  it('names a next-server worker from its tool parent, never from its title', () => {
    const nodes = classifyChain(proc(['next-server (v16.4.6)']), [proc(['node', '/home/me/shop/node_modules/.bin/next', 'dev'])]);
    expect(nodes[0]!.command).toBe('next dev worker');
    const alone = classifyChain(proc(['next-server (v16.4.6)']), []);
    expect(alone[0]!.command).toBe('next server');
  });
});
