// The launch trees recorded from the real toolchains (test/fixtures/launch-trees, see its README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChain, type LaunchKind, launchRoot, managerHint, managerOf } from '../../../main/core/launch-tree';
import type { LaunchTreeFixture } from '../../helpers/toolchains-record';
import { LAUNCH_TREES } from '../../helpers/toolchains-record';

function load(name: string): LaunchTreeFixture {
  return JSON.parse(readFileSync(join(LAUNCH_TREES, `${name}.json`), 'utf8')) as LaunchTreeFixture;
}

interface Case {
  fixture: string;
  /** Owner first, then parents nearest first: `kind:label` without the PID. */
  chain: string[];
  root: string;
}

const WRAPPER = (script: string) => `launcher:sh -c npm run ${script} & wait`;

const cases: Case[] = [
  {
    fixture: 'next-dev.live',
    chain: [
      'server:next dev worker',
      'tool:next dev',
      'launcher:sh -c next dev next-app --hostname 127.0.0.1',
      'launcher:npm run next-dev',
      WRAPPER('next-dev'),
    ],
    root: 'sh -c npm run next-dev & wait',
  },
  {
    fixture: 'next-dev.orphaned',
    chain: [
      'server:next dev worker',
      'tool:next dev',
      'launcher:sh -c next dev next-app --hostname 127.0.0.1',
      'launcher:npm run next-dev',
    ],
    root: 'npm run next-dev',
  },
  {
    // next start forks nothing: the CLI process itself retitles to next-server and binds.
    fixture: 'next-start.orphaned',
    chain: ['server:next start', 'launcher:sh -c next start next-app --hostname 127.0.0.1', 'launcher:npm run next-start'],
    root: 'npm run next-start',
  },
  {
    // Vite serves from its CLI process: the owner's argv is the .bin/vite command line.
    fixture: 'vite-dev.orphaned',
    chain: ['server:vite', 'launcher:sh -c vite vite-app --host 127.0.0.1 --port $PO…', 'launcher:npm run vite-dev'],
    root: 'npm run vite-dev',
  },
  {
    fixture: 'nodemon-dev.orphaned',
    chain: [
      'server:node server.js',
      'watch-supervisor:nodemon',
      'launcher:sh -c nodemon --watch node-server node-server/s…',
      'launcher:npm run nodemon-dev',
    ],
    root: 'npm run nodemon-dev',
  },
  {
    // Only this port's branch of the parallel runner is the server's own.
    fixture: 'concurrently-dev.orphaned',
    chain: [
      'server:node server.js',
      expect.stringMatching(/^launcher:sh -c PORT=\d+ node node-server\/server\.js$/) as unknown as string,
      'parallel-runner:concurrently',
      'launcher:sh -c concurrently --names a,b "PORT=$PORT node…',
      'launcher:npm run concurrently-dev',
    ],
    root: expect.stringMatching(/^sh -c PORT=\d+ node node-server\/server\.js$/) as unknown as string,
  },
  {
    // pm2's child is retitled `node /…/server.js`; its parent is the God daemon, in its own session.
    fixture: 'pm2.live',
    chain: ['server:node server.js', 'process-manager:pm2 God Daemon'],
    root: 'node server.js',
  },
];

describe('recorded launch trees', () => {
  it.each(cases)('$fixture', ({ fixture, chain, root }) => {
    const f = load(fixture);
    const nodes = classifyChain(f.owner, f.chain);
    expect(nodes.map((n) => `${n.kind}:${n.command}`)).toEqual(chain);
    expect(launchRoot(nodes).command).toEqual(root);
    for (const n of nodes) expect(n.label).toBe(`${n.command} (${n.process.pid})`);
  });

  it('never labels a process with the title Next wrote over its argv', () => {
    for (const name of ['next-dev.live', 'next-dev.orphaned', 'next-start.live', 'next-start.orphaned']) {
      const f = load(name);
      expect(f.owner.argv[0]).toMatch(/^next-server \(v16\./);
      expect(classifyChain(f.owner, f.chain)[0]!.label).not.toMatch(/next-server/);
    }
  });

  it('names pm2 as the manager, with the private PM2_HOME of the daemon in the command', () => {
    const f = load('pm2.live');
    const nodes = classifyChain(f.owner, f.chain);
    expect(managerOf(nodes)?.tool).toBe('pm2');
    const hint = managerHint(nodes, { pm2Name: `api${f.port}` });
    expect(hint?.command).toMatch(new RegExp(`^PM2_HOME=/tmp/pw-pm2-\\w+ pm2 restart api${f.port}$`));
  });

  it('finds no manager for the unmanaged tools', () => {
    for (const name of ['next-dev.orphaned', 'vite-dev.orphaned', 'nodemon-dev.orphaned', 'concurrently-dev.orphaned']) {
      const f = load(name);
      expect(managerHint(classifyChain(f.owner, f.chain))).toBeNull();
    }
  });

  it('has every kind the fixtures exercise', () => {
    const kinds = new Set<LaunchKind>();
    for (const c of cases) for (const n of classifyChain(load(c.fixture).owner, load(c.fixture).chain)) kinds.add(n.kind);
    expect([...kinds].sort()).toEqual(['launcher', 'parallel-runner', 'process-manager', 'server', 'tool', 'watch-supervisor']);
  });
});
