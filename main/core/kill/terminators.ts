import { sameIdentity, survivors } from '../process';
import type { Identity, ProcessInfo, ProcessSource } from '../types';
import type { KillPlan } from './plan';
import { type CommandRunner, describeTaskkill, isAccessDenied, taskkillCommand } from './windows';

/** What one round of signals did: who was signalled, who had exited before it, who refused. */
export interface SendOutcome {
  sent: ProcessInfo[];
  /** Planned targets that had exited (or whose PID changed hands) before their signal: a lost race, not a refusal. */
  gone: ProcessInfo[];
  /** The process that refused for lack of rights, if any (the round stops there). */
  denied: ProcessInfo | null;
}

export interface Terminator {
  /** Step names for the timeline: signals on POSIX, taskkill on Windows. */
  polite: string;
  forced: string;
  send(plan: KillPlan, force: boolean): Promise<SendOutcome>;
  /** What the last send's command said, for its timeline step (null where nothing is printed: signals). */
  lastOutcome(): string | null;
}

/** The targets still running under their identity: a few cheap per-PID reads instead of a full listing per poll. */
export async function stillRunning(source: ProcessSource, ids: readonly Identity[]): Promise<ProcessInfo[]> {
  const now = await Promise.all(ids.map((id) => source.get(id.pid)));
  return survivors(
    now.filter((p): p is ProcessInfo => p !== null),
    ids,
  );
}

export function posixTerminator(source: ProcessSource, sendSignal: (pid: number, signal: NodeJS.Signals) => void): Terminator {
  return {
    polite: 'sigterm',
    forced: 'sigkill',
    lastOutcome: () => null,
    async send(plan, force) {
      const signal = force ? 'SIGKILL' : 'SIGTERM';
      const out: SendOutcome = { sent: [], gone: [], denied: null };
      // EPERM from a PID whose identity changed since the check is the race (the PID went to
      // another user's process in between), not a refusal: only a same-identity EPERM is one.
      const attempt = async (target: number, as: ProcessInfo): Promise<'ok' | 'denied' | 'gone'> => {
        try {
          sendSignal(target, signal);
          return 'ok';
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ESRCH') return 'gone';
          if (code !== 'EPERM') throw err;
          const now = await source.get(as.pid);
          return now && sameIdentity(now, as) ? 'denied' : 'gone';
        }
      };
      for (const pgid of plan.groups) {
        const members = plan.targets.filter((t) => t.pgid === pgid);
        // The kernel never hands out a PID that names a live process group, so -pgid is still the
        // group we planned for as long as one of its members runs in it under the same identity.
        // Once all have exited, the number may already name a stranger's group: leave it.
        const live = (await stillRunning(source, members)).filter((m) => m.pgid === pgid);
        out.gone.push(...members.filter((m) => !live.some((l) => l.pid === m.pid)));
        if (live.length === 0) continue;
        const r = await attempt(-pgid, live[0]!);
        if (r === 'denied') return { ...out, denied: live[0]! };
        if (r === 'ok') out.sent.push(...live);
        else out.gone.push(...live);
      }
      for (const p of plan.singles) {
        // Exited ones are skipped: their PID may already be someone else's.
        if ((await stillRunning(source, [p])).length === 0) {
          out.gone.push(p);
          continue;
        }
        const r = await attempt(p.pid, p);
        if (r === 'denied') return { ...out, denied: p };
        (r === 'ok' ? out.sent : out.gone).push(p);
      }
      return out;
    },
  };
}

export function windowsTerminator(source: ProcessSource, run: CommandRunner): Terminator {
  let outcome: string | null = null;
  return {
    polite: 'taskkill',
    forced: 'taskkill /F',
    lastOutcome: () => outcome,
    async send(plan, force) {
      outcome = null;
      // taskkill /T walks the tree itself; roots are the targets whose parent is not a target.
      const pids = new Set(plan.targets.map((t) => t.pid));
      const planned = plan.targets.filter((t) => t.ppid === null || !pids.has(t.ppid));
      // Windows reuses PIDs quickly: a root that exited since the plan is not named to taskkill.
      const roots = await stillRunning(source, planned);
      const gone = planned.filter((p) => !roots.some((r) => r.pid === p.pid));
      if (roots.length === 0) return { sent: [], gone, denied: null };
      const spec = taskkillCommand(
        roots.map((r) => r.pid),
        force,
      );
      const output = await run(spec);
      outcome = describeTaskkill(spec, output);
      if (isAccessDenied(output)) return { sent: [], gone, denied: roots[0] ?? null };
      return { sent: plan.targets.filter((t) => !gone.includes(t)), gone, denied: null };
    },
  };
}
