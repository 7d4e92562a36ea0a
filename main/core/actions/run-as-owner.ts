import { processLabel } from '../../shared';
import type { Recipe } from '../recipes';
import { cleanEnv, isCodeLoading, passwdEntry, type RunAs, withoutCodeLoading } from '../restart';
import type { ProcessInfo } from '../types';

export type Privilege =
  | { ok: true; recipe: Recipe; runAs: RunAs | null; note: string | null }
  | { ok: false; code: 'EPERM'; reason: string; hint: string };

export interface PrivilegeFacts {
  /** Whose server this is: the launch root the recipe re-runs (else the port's owner). */
  owner: ProcessInfo | null;
  /** Portwarden's uid; null where the OS has none (Windows). */
  selfUid: number | null;
  action: 'restart' | 'start';
  port: number;
  passwdPath?: string;
}

/**
 * No privilege crosses users. Root restarting another user's server runs it as that user, with
 * a clean environment (that user's environment never reaches a process with more rights, and code
 * it names, NODE_OPTIONS, LD_PRELOAD, never runs at all); anyone else is refused with the command
 * to run as that user. A recipe whose environment was observed from a process no longer known
 * (a remembered one, started as root) loses the variables that load code.
 */
export function decidePrivilege(recipe: Recipe, f: PrivilegeFacts): Privilege {
  const { owner, selfUid } = f;
  if (selfUid === null) return { ok: true, recipe, runAs: null, note: null };
  if (owner && owner.uid !== null && owner.uid !== selfUid) {
    const entry = passwdEntry(owner.uid, f.passwdPath);
    const asUser = entry ? entry.user : `'#${owner.uid}'`;
    const command = `sudo -u ${asUser} -- portwarden ${f.action} ${f.port}`;
    if (selfUid !== 0 || !entry) {
      const why =
        selfUid !== 0
          ? `Portwarden runs as uid ${selfUid} and will not start another user's server with its own rights`
          : `uid ${owner.uid} has no entry in /etc/passwd to run it as`;
      return {
        ok: false,
        code: 'EPERM',
        reason: `${processLabel(owner)} belongs to user ${owner.user ?? owner.uid}: ${why}; nothing was killed`,
        hint: `Run it as that user: \`${command}\`.`,
      };
    }
    const observed = recipe.envMode === 'replace' ? (recipe.env ?? {}) : {};
    const settings = recipe.envMode === 'replace' ? {} : withoutCodeLoading(recipe.env ?? {});
    const env = { ...cleanEnv(entry, observed), ...settings };
    const dropped = Object.keys(recipe.env ?? {}).filter((k) => isCodeLoading(k));
    const note = `runs as ${entry.user} (uid ${entry.uid}, gid ${entry.gid}, no supplementary groups) with a clean environment: ${Object.keys(env).sort().join(', ')}${dropped.length ? `; never passed on: ${dropped.sort().join(', ')}` : ''}`;
    return { ok: true, recipe: { ...recipe, env, envMode: 'replace' }, runAs: entry, note };
  }
  if (!owner && selfUid === 0 && recipe.envMode === 'replace' && recipe.env) {
    const dropped = Object.keys(recipe.env).filter((k) => isCodeLoading(k));
    if (dropped.length === 0) return { ok: true, recipe, runAs: null, note: null };
    // Whose environment this was is not known any more: it may have been another user's.
    return {
      ok: true,
      recipe: { ...recipe, env: withoutCodeLoading(recipe.env) },
      runAs: null,
      note: `the remembered environment loses ${dropped.sort().join(', ')}: it may have been another user's, and this start runs as root`,
    };
  }
  return { ok: true, recipe, runAs: null, note: null };
}
