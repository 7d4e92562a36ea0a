import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyChain, managerHint, readManagerFacts } from '../../../main/core/launch-tree';
import type { ProcessInfo } from '../../../main/core/types';

function proc(pid: number, argv: string[]): ProcessInfo {
  return {
    pid,
    startTime: 1,
    ppid: pid - 1,
    pgid: null,
    sid: null,
    name: 'node',
    argv,
    exe: null,
    cwd: '/srv/api',
    user: 'me',
    uid: 1000,
    state: 'sleeping',
    forwarder: null,
  };
}
const server = proc(20, ['node', 'server.js']);
const unmanaged = classifyChain(server, [proc(19, ['npm run start'])]);

describe('managerHint', () => {
  const pm2 = (title: string) => classifyChain(server, [proc(19, [title])]);

  it('pm2: the app name from the child environment, no PM2_HOME for the default ~/.pm2', () => {
    expect(managerHint(pm2('PM2 v7.0.4: God Daemon (/home/me/.pm2)'), { pm2Name: 'api3005', pm2Id: '0' })?.command).toBe(
      'pm2 restart api3005',
    );
    expect(managerHint(pm2('PM2 v7.0.4: God Daemon (/home/me/.pm2)'), { pm2Id: '3' })?.command).toBe('pm2 restart 3');
    expect(managerHint(pm2('PM2 v7.0.4: God Daemon (/home/me/.pm2)'))?.command).toBe('pm2 restart <name from pm2 list>');
  });

  // cgroup v2 paths as systemd lays them out (systemd.special(7)); the docker one as dockerd names its scope.
  it.each([
    ['0::/user.slice/user-1000.slice/user@1000.service/app.slice/web.service', 'systemctl --user restart web'],
    ['0::/system.slice/api.service', 'sudo systemctl restart api'],
    [`0::/system.slice/docker-${'ab12'.repeat(16)}.scope`, 'docker restart ab12ab12ab12'],
    [`12:pids:/docker/${'cd34'.repeat(16)}\n0::/docker/${'cd34'.repeat(16)}`, 'docker restart cd34cd34cd34'],
  ])('%s', (cgroup, command) => {
    expect(managerHint(unmanaged, { cgroup })?.command).toBe(command);
  });

  it.each([
    // A terminal tab (GNOME's vte), a login session, the user manager itself: nothing restarts the server.
    '0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope',
    '0::/user.slice/user-1000.slice/session-2.scope',
    '0::/user.slice/user-1000.slice/user@1000.service/init.scope',
  ])('none for %s', (cgroup) => {
    expect(managerHint(unmanaged, { cgroup })).toBeNull();
  });
});

describe('readManagerFacts', () => {
  const root = mkdtempSync(join(tmpdir(), 'pw-facts-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("keeps only pm2's name and pm_id from the environment, and the cgroup", () => {
    mkdirSync(join(root, '42'));
    writeFileSync(join(root, '42', 'environ'), ['SECRET=hunter2', 'name=api3005', 'pm_id=7', ''].join('\0'));
    writeFileSync(join(root, '42', 'cgroup'), '0::/user.slice/user-1000.slice/session-2.scope\n');
    expect(readManagerFacts(42, root)).toEqual({
      pm2Name: 'api3005',
      pm2Id: '7',
      cgroup: '0::/user.slice/user-1000.slice/session-2.scope',
    });
  });

  it('reads a real process (this one): no pm2, a cgroup line', () => {
    const facts = readManagerFacts(process.pid);
    expect(facts.pm2Name).toBeNull();
    expect(facts.cgroup).toMatch(/^\d+:/);
  });

  it('is empty for a process that is gone', () => {
    expect(readManagerFacts(999_999, root)).toEqual({ pm2Name: null, pm2Id: null, cgroup: null });
  });
});
