import { parseArgs } from 'node:util';
import { killTarget } from '../../core/actions';
import { formatStep, isoTime, processLabel } from '../../shared';
import { killResultToJson } from '../../core/json';
import { type KillResult, needsElevatedRights } from '../../core/kill';
import { appPaths } from '../../core/paths';
import { ownerHiddenCode } from '../../core/scan';
import type { Settings } from '../../core/settings/schema';
import { loadSettings } from '../../core/settings/store';
import type { ProcessInfo } from '../../core/types';
import { type CliContext, type Command, EXIT, UsageError } from '../context';

export const kill: Command = {
  name: 'kill',
  summary: "kill a port's owner (or a PID) and its tree, verified: SIGTERM, then SIGKILL after the grace period",
  usage: 'portwarden kill <port|pid…> [--port|--pid] [--force] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, force: { type: 'boolean' }, port: { type: 'boolean' }, pid: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('kill takes one or more ports or PIDs, e.g. `portwarden kill 3000` or `portwarden kill 3000 5173`');
    if (values.port && values.pid) throw new UsageError('say --port or --pid, not both');
    const numbers = positionals.map((p) => {
      const text = p.trim();
      if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`"${text}" is neither a port nor a PID: give a whole number`);
      return Number(text);
    });
    const { settings, warning } = loadSettings({ env: ctx.env });
    if (warning) ctx.err(`portwarden: ${warning}`);
    // One result per target, in order (with --json one object a line); the exit code is the worst.
    let worst: number = EXIT.ok;
    for (const n of numbers) worst = Math.max(worst, await killOne(n, values, settings, ctx));
    return worst;
  },
};

type KillFlags = { json?: boolean; force?: boolean; port?: boolean; pid?: boolean };

async function killOne(n: number, values: KillFlags, settings: Settings, ctx: CliContext): Promise<number> {
  const json = values.json === true;
  const target = await resolveTarget(n, values.port ? 'port' : values.pid ? 'pid' : null, ctx);
  if ('exit' in target) {
    // The same fields as a kill that ran (nothing was targeted, killed or done), so a script reads one shape.
    const { exit, ...refusal } = target;
    if (json) ctx.out(JSON.stringify({ ok: false, target: null, port: refusal.port, killed: [], timeline: [], code: refusal.code, message: refusal.message, hint: refusal.hint, release: null }));
    else ctx.err(`portwarden kill: ${refusal.message}`);
    return exit;
  }
  const { owner, port } = target;
  if (!json) ctx.err(`Target: ${processLabel(owner)}, started ${isoTime(owner.startTime)}${port ? `, owner of port ${port}` : ''}`);

  const started = ctx.now();
  const result = await killTarget(owner, {
    scanner: ctx.scanner,
    port,
    settings,
    dataDir: appPaths(ctx.env).data,
    force: values.force === true,
    now: ctx.now,
    // The failure is printed once, as the outcome; with --json only a note reaches stderr.
    onStep: (s) => s.step !== 'failed' && (!json || s.step === 'note') && ctx.err(formatStep(s, started)),
  });
  if (json) ctx.out(JSON.stringify(killResultToJson(result)));
  else if (result.ok) ctx.out(`Killed ${result.killed.map(processLabel).join(', ')}${port !== null ? `; port ${port} is free` : ''}.`);
  else ctx.err(`portwarden kill: ${result.message}\n  ${result.hint}`);
  return exitFor(result);
}

type Resolved = { owner: ProcessInfo; port: number | null } | { exit: number; code: string; message: string; hint: string; port: number | null };

/**
 * A number is a port when something listens on it, else a PID. A bare PID is resolved to an
 * identity (PID + start time) now, and that identity, shown to the user, is what gets killed.
 */
async function resolveTarget(n: number, as: 'port' | 'pid' | null, ctx: CliContext): Promise<Resolved> {
  const listener = as === 'pid' || n > 65535 ? undefined : (await ctx.scanner.scan({ fresh: true })).find((l) => l.port === n);
  const proc = as === 'port' ? null : await ctx.scanner.get(n);
  if (listener && proc && as === null) {
    const owner = listener.owner ? processLabel(listener.owner) : 'an unseen process';
    throw new UsageError(`${n} is both a listening port (owned by ${owner}) and PID ${n} (${proc.name}): say --port or --pid`);
  }
  if (listener) {
    if (listener.owner) return { owner: listener.owner, port: n };
    const elevated = ownerHiddenCode(listener) === 'EPERM';
    return {
      exit: elevated ? EXIT.elevated : EXIT.negative,
      code: elevated ? 'EPERM' : 'NOT_VISIBLE',
      message: `port ${n} is in use, but its owner is not visible: ${listener.ownerUnavailable ?? 'unknown'}`,
      hint: elevated ? needsElevatedRights(null, n).hint : 'It may belong to a container or another network namespace (`docker ps`).',
      port: n,
    };
  }
  if (proc) return { owner: proc, port: null };
  const message =
    as === 'port' ? `port ${n} is free: nothing to kill` : as === 'pid' ? `no process has PID ${n}` : `nothing listens on port ${n} and no process has PID ${n}`;
  return { exit: EXIT.negative, code: 'NOT_FOUND', message, hint: 'Nothing to kill. Look again with `portwarden ls`.', port: as === 'port' ? n : null };
}

export function exitFor(result: KillResult | { ok: boolean; code?: string }): number {
  if (result.ok) return EXIT.ok;
  return 'code' in result && result.code === 'EPERM' ? EXIT.elevated : EXIT.negative;
}
