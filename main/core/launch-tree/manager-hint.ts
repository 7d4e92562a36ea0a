import type { LaunchNode } from './launch-tree';
import { managerOf } from './launch-tree';

/** What /proc says about the owner beyond its argv (see proc-facts.ts); all optional. */
export interface ManagerFacts {
  /** pm2 puts the app's `name` and `pm_id` in its child's environment. */
  pm2Name?: string | null;
  pm2Id?: string | null;
  /** The owner's cgroup path (`0::/user.slice/…/app.slice/web.service`). */
  cgroup?: string | null;
}

export interface ManagerHint {
  manager: 'pm2' | 'systemd' | 'docker' | 'forever';
  /** The exact command that restarts the server through its manager. */
  command: string;
}

/** `PM2 v7.0.4: God Daemon (/tmp/x)`: the PM2_HOME of that daemon; the default one needs no prefix. */
function pm2Home(title: string): string | null {
  const m = /God Daemon \((.+)\)$/.exec(title);
  if (!m) return null;
  return /[\\/]\.pm2$/.test(m[1]!) ? null : m[1]!;
}

function systemdUnit(cgroup: string): ManagerHint | null {
  const line = cgroup.split('\n').find((l) => l.startsWith('0::')) ?? cgroup.split('\n')[0] ?? '';
  const parts = line.replace(/^[^:]*:[^:]*:/, '').split('/');
  const docker = parts.map((p) => /^(?:docker-)?([0-9a-f]{64})(?:\.scope)?$/.exec(p)).find(Boolean);
  if (docker) return { manager: 'docker', command: `docker restart ${docker[1]!.slice(0, 12)}` };
  // The last *.service that is not the user manager itself; scopes (terminals, sessions) manage nothing.
  const unit = [...parts].reverse().find((p) => p.endsWith('.service') && !/^user@\d+\.service$/.test(p));
  if (!unit) return null;
  const name = unit.replace(/\.service$/, '');
  const user = parts.some((p) => /^user@\d+\.service$/.test(p));
  return { manager: 'systemd', command: user ? `systemctl --user restart ${name}` : `sudo systemctl restart ${name}` };
}

/** How to restart a managed server without fighting its manager, or null when nothing manages it. */
export function managerHint(nodes: readonly LaunchNode[], facts: ManagerFacts = {}): ManagerHint | null {
  const manager = managerOf(nodes);
  if (manager?.tool === 'pm2') {
    const app = facts.pm2Name ?? facts.pm2Id ?? '<name from pm2 list>';
    const home = pm2Home(manager.process.argv[0] ?? manager.process.name);
    return { manager: 'pm2', command: `${home ? `PM2_HOME=${home} ` : ''}pm2 restart ${app}` };
  }
  if (manager?.tool === 'forever') {
    const script = nodes[0]?.process.argv.find((a, i) => i > 0 && !a.startsWith('-'));
    return { manager: 'forever', command: `forever restart ${script ?? '<uid from forever list>'}` };
  }
  return facts.cgroup ? systemdUnit(facts.cgroup) : null;
}
