import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectFs } from '../../../main/core/project';
import { launchSite, observeLaunch, stopCommand } from '../../../main/core/recipes';
import { LAUNCH_TREES, type LaunchTreeFixture } from '../../helpers/toolchains-record';
import { proc } from '../kill/process-fixtures';

const app = '/home/dev/app';
const terminal = proc({ pid: 10, name: 'bash', argv: ['-bash'], cwd: app });
// Project folders of these tests: /home/dev/app and /home/dev/other; nothing else has a package.json.
const projects: ProjectFs = { packageName: (dir) => (dir === app ? 'app' : dir === '/home/dev/other' ? 'other' : undefined) };
const options = { projectFs: projects };

function load(name: string): LaunchTreeFixture {
  return JSON.parse(readFileSync(join(LAUNCH_TREES, `${name}.json`), 'utf8')) as LaunchTreeFixture;
}

describe('observeLaunch: the launch root of real trees', () => {
  it.each([
    ['next-dev.orphaned', 'npm run next-dev', null],
    ['next-start.orphaned', 'npm run next-start', null],
    ['vite-dev.orphaned', 'npm run vite-dev', null],
    ['nodemon-dev.orphaned', 'npm run nodemon-dev', 'nodemon'],
  ])('%s re-runs `%s`, never the rewritten title (supervisor: %s)', (fixture, command, supervisor) => {
    const f = load(fixture);
    const seen = observeLaunch(f.owner, f.chain, () => null);
    expect(seen?.recipe.command).toBe(command);
    expect(seen?.root.pid).toBe(f.chain.at(-1)!.pid);
    expect(seen?.site.supervisor?.tool ?? null).toBe(supervisor);
    expect(seen?.site.manager).toBeNull();
  });

  it('for concurrently, only the branch of this port: the `sh -c` it started, never the runner', () => {
    const f = load('concurrently-dev.orphaned');
    const seen = observeLaunch(f.owner, f.chain, () => null);
    expect(seen?.recipe.command).toEqual(['/bin/sh', '-c', `PORT=${f.port} node node-server/server.js`]);
    expect(seen?.root.pid).toBe(f.chain[0]!.pid);
  });

  it('a pm2 app is managed: pm2 restart with its PM2_HOME, stop to stop it', () => {
    const f = load('pm2.live');
    const site = launchSite(f.owner, f.chain, { managerFacts: { pm2Name: 'api3005' } });
    expect(site.root.process.pid).toBe(f.owner.pid);
    expect(site.manager).toMatchObject({
      manager: 'pm2',
      command: expect.stringMatching(/^PM2_HOME=\/tmp\/pw-pm2-\S+ pm2 restart api3005$/),
    });
    expect(stopCommand(site.manager!)).toMatch(/ pm2 stop api3005$/);
  });

  it('a lone next-server whose tool parent is gone has no observed recipe: its title is not a command', () => {
    const f = load('next-dev.orphaned');
    expect(observeLaunch({ ...f.owner, ppid: 1 }, [proc({ pid: 1, name: 'systemd', argv: ['/sbin/init'] })])).toBeNull();
  });
});

describe('observeLaunch: same project, environment, edge cases', () => {
  // terminal -> npm run dev -> sh -c "next dev" -> next-server
  const npm = proc({ pid: 100, ppid: 10, name: 'npm run dev', argv: ['npm', 'run', 'dev'], cwd: app });
  const sh = proc({ pid: 101, ppid: 100, name: 'sh', argv: ['sh', '-c', 'next dev'], cwd: app });
  const server = proc({ pid: 102, ppid: 101, name: 'next-server (v15', argv: ['next-server (v15.1.0)'], cwd: app });

  it('climbs through sh -c to npm and stops at the interactive shell', () => {
    expect(observeLaunch(server, [sh, npm, terminal], undefined, options)?.root.pid).toBe(100);
  });

  it('climbs across folders of one project, and stops at another project', () => {
    const inSub = { ...sh, cwd: `${app}/packages/web` };
    expect(observeLaunch({ ...server, cwd: `${app}/packages/web` }, [inSub, npm, terminal], undefined, options)?.root.pid).toBe(100);
    const otherNpm = { ...npm, cwd: '/home/dev/other' };
    expect(observeLaunch(server, [sh, otherNpm, terminal], undefined, options)?.root.pid).toBe(101);
  });

  it('keeps argv, cwd and the environment of the launch root', () => {
    const seen: number[] = [];
    const observed = observeLaunch(
      server,
      [sh, npm, terminal],
      (pid) => {
        seen.push(pid);
        return { PATH: '/usr/bin', NODE_ENV: 'development' };
      },
      options,
    );
    expect(seen).toEqual([100]);
    expect(observed?.recipe).toEqual({
      command: ['npm', 'run', 'dev'],
      cwd: app,
      env: { PATH: '/usr/bin', NODE_ENV: 'development' },
      envMode: 'replace',
      source: 'observed',
      origin: 'launched as `npm run dev` by PID 100',
    });
  });

  it("uses the server itself when it has no launcher (an orphan); npm's rewritten title is its command line", () => {
    const orphan = proc({ pid: 7, ppid: 1, argv: ['/usr/bin/node', 'server.js'], cwd: app });
    expect(observeLaunch(orphan, [proc({ pid: 1, name: 'systemd', argv: ['/sbin/init'] })])?.recipe).toMatchObject({
      command: ['/usr/bin/node', 'server.js'],
      origin: 'started as `/usr/bin/node server.js` by PID 7',
    });
    expect(observeLaunch({ ...sh, ppid: 100 }, [{ ...npm, ppid: 1, argv: ['npm run dev'] }])?.recipe.command).toBe('npm run dev');
  });

  it("observes nothing without a cwd or an argv (another user's process)", () => {
    expect(observeLaunch(proc({ pid: 7, cwd: null }), [])).toBeNull();
    expect(observeLaunch(proc({ pid: 7, argv: [] }), [])).toBeNull();
  });

  it('a systemd unit manages a server it started, not one started from a shell in its cgroup', () => {
    const unit = proc({ pid: 1, name: 'systemd', argv: ['/lib/systemd/systemd', '--user'] });
    const cgroup = '0::/user.slice/user-1000.slice/user@1000.service/app.slice/web.service';
    const direct = launchSite(proc({ pid: 7, ppid: 1 }), [unit], { managerFacts: { cgroup } });
    expect(direct.manager?.command).toBe('systemctl --user restart web');
    const viaShell = launchSite(server, [sh, npm, terminal, unit], { managerFacts: { cgroup }, projectFs: projects });
    expect(viaShell.manager).toBeNull();
    const terminalUnit = '0::/user.slice/user-1000.slice/user@1000.service/gnome-terminal-server.service';
    expect(launchSite(proc({ pid: 7, ppid: 1 }), [unit], { managerFacts: { cgroup: terminalUnit } }).manager).toBeNull();
  });
});
