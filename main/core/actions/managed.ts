import { execFile } from 'node:child_process';
import { processLabel } from '../../shared';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type LaunchSite, type Recipe, readEnviron } from '../recipes';
import { probePathOf, type RestartResult, type Run, verified, waitForOwner, waitForProbe } from '../restart';

type Manager = NonNullable<LaunchSite['manager']>;
const PM2_TIMEOUT_MS = 30_000;

/** `PM2_HOME=/x pm2 restart api` → its parts; null when pm2's app name was not readable. */
function pm2Parts(command: string): { home: string | null; app: string } | null {
  const m = /^(?:PM2_HOME=(\S+) )?pm2 restart (\S+)$/.exec(command);
  return m && !m[2]!.startsWith('<') ? { home: m[1] ?? null, app: m[2]! } : null;
}

/** A managed server's recipe is its manager's restart command: Portwarden runs no copy of its own. */
export function managerRecipe(site: LaunchSite | null | undefined): Recipe | null {
  const m = site?.manager;
  if (!m || !site) return null;
  return {
    command: m.command,
    cwd: site.owner.cwd ?? '/',
    source: 'process-manager',
    origin: `managed by ${m.manager} (${processLabel(m.node.process)})`,
  };
}

/** MANAGED: what manages the port and the exact command, for kill and restart alike. */
export function managedRefusal(manager: Manager, port: number, action: 'kill' | 'restart'): { message: string; hint: string } {
  const by = `${manager.manager} (${processLabel(manager.node.process)})`;
  const again = manager.manager === 'pm2' || manager.manager === 'forever' ? 'it would start it again' : 'it keeps it running';
  return {
    message: `port ${port} is managed by ${by}: ${again}, so Portwarden does not ${action} it behind its back`,
    hint: `Run \`${manager.command}\`${action === 'kill' ? ` (or \`${manager.command.replace(/\brestart\b/, 'stop')}\` to stop it), or \`portwarden kill --force ${port}\` to kill it anyway` : ''}.`,
  };
}

/**
 * A managed server is restarted through its manager, or not at all. pm2 is delegated to (as the
 * daemon's own user, with its PM2_HOME): its restart is what its users run anyway, and the port's
 * new owner is verified like any other. systemd, docker and forever get the refusal with the
 * command: a system unit needs root, `docker restart` restarts every process of the container.
 */
export async function restartManaged(run: Run, site: LaunchSite): Promise<RestartResult> {
  const manager = site.manager!;
  const { port } = run.options;
  const pm2 = manager.manager === 'pm2' ? pm2Parts(manager.command) : null;
  const ownUid = process.getuid?.() ?? null;
  const refuse = (why: string) => {
    const r = managedRefusal(manager, port, 'restart');
    return {
      ...run.fail('resolve-recipe', 'MANAGED', `${r.message}${why}`, r.hint, { owner: site.owner }),
      manager: { manager: manager.manager, command: manager.command },
    };
  };
  if (!pm2) return refuse(manager.manager === 'pm2' ? ' (its pm2 app name is not readable)' : '');
  if (manager.node.process.uid !== ownUid) return refuse(" (the pm2 daemon is another user's)");
  // pm2 is rarely on the tray's PATH: the server's own PATH (npm run put node_modules/.bin there) finds it.
  const env = { ...process.env, PATH: readEnviron(site.owner.pid)?.PATH ?? process.env.PATH, ...(pm2.home ? { PM2_HOME: pm2.home } : {}) };
  run.step('delegate', `${manager.command} (a pm2 app: pm2 restarts it, Portwarden verifies the new owner)`);
  const said = await new Promise<{ code: number | null; text: string }>((resolve) => {
    execFile('pm2', ['restart', pm2.app], { env, timeout: PM2_TIMEOUT_MS }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, text: `${stdout}${stderr}`.trim().split('\n').at(-1) ?? err?.message ?? '' });
    });
  });
  if (said.code !== 0) return refuse(` (\`${manager.command}\` failed: ${said.text || 'no output'})`);
  const timeoutMs = run.options.settings.restartTimeoutMs;
  const deadline = run.now() + timeoutMs;
  const wait = {
    fromPid: manager.node.process.pid,
    exited: () => false,
    deadline,
    onGone: async () =>
      run.fail('wait-for-owner', 'EXITED', `pm2's daemon ${processLabel(manager.node.process)} is gone`, 'Start it again with pm2.'),
    onTimeout: async () =>
      run.fail(
        'wait-for-owner',
        'TIMEOUT',
        `pm2 restarted ${pm2.app}, but no new process took port ${port} within ${timeoutMs / 1000} s`,
        `Read its log: \`pm2 logs ${pm2.app}\`.`,
      ),
  };
  const owned = await waitForOwner(run, wait);
  if ('ok' in owned) return owned;
  run.step('listening', `port ${port} is owned by ${processLabel(owned.owner)}, started by pm2`);
  const probe = await waitForProbe(run, owned, probePathOf(run, undefined), wait, timeoutMs);
  if (probe !== null && 'ok' in probe) return probe;
  const recipe = { ...managerRecipe(site)!, command: ['pm2', 'restart', pm2.app] };
  return verified(run, owned.owner, probe, {
    recipe,
    log: join(pm2.home ?? join(homedir(), '.pm2'), 'logs', `${pm2.app}-out.log`),
    spawned: { pid: owned.owner.pid, startTime: owned.owner.startTime },
  });
}
