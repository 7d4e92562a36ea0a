import { parseArgs } from 'node:util';
import { killTarget } from '../../core/actions';
import { formatStep, isoTime, processLabel } from '../../shared';
import { killResultToJson } from '../../core/json';
import { checkIdentity, type KillResult, needsElevatedRights, pidLimit } from '../../core/kill';
import { appPaths } from '../../core/paths';
import { identityId, parseIdentityId, sameIdentity } from '../../core/process';
import type { Settings } from '../../core/settings/schema';
import type { Identity, ProcessInfo } from '../../core/types';
import { sleep } from '../../core/wait';
import { cliSettings } from '../cli-settings';
import { type CliContext, type Command, EXIT, UsageError } from '../context';

export const kill: Command = {
  name: 'kill',
  summary: "kill ports' owners (or processes by id or PID) and their trees, verified: SIGTERM, then SIGKILL after the grace period",
  usage: 'portwarden kill <port|pid|id…> [--port|--pid] [--force] [--all-holders] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        force: { type: 'boolean' },
        port: { type: 'boolean' },
        pid: { type: 'boolean' },
        'all-holders': { type: 'boolean' },
      },
    });
    if (positionals.length === 0) {
      throw new UsageError(
        'kill takes one or more ports, PIDs or ids, e.g. `portwarden kill 3000 5173` or `portwarden kill 4242@2026-12-02T10:02:03.123Z`',
      );
    }
    if (values.port && values.pid) throw new UsageError('say --port or --pid, not both');
    // Every target is parsed before the first kill: a typo in the third one must not cost the first two.
    const targets = positionals.map((p) => {
      const text = p.trim();
      return parseIdentityId(text) ?? parseTargetNumber(text);
    });
    const settings = cliSettings(ctx);
    // One result per target, in order (with --json one object a line); the exit code is the worst.
    let worst: number = EXIT.ok;
    for (const t of targets) worst = Math.max(worst, await killOne(t, values, settings, ctx));
    return worst;
  },
};

type KillFlags = { json?: boolean; force?: boolean; port?: boolean; pid?: boolean; 'all-holders'?: boolean };

async function killOne(t: number | Identity, values: KillFlags, settings: Settings, ctx: CliContext): Promise<number> {
  const json = values.json === true;
  const target =
    typeof t === 'number' ? await resolveTarget(t, values.port ? 'port' : values.pid ? 'pid' : null, ctx) : await resolveIdentity(t, ctx);
  if ('exit' in target) {
    // The same fields as a kill that ran (nothing was targeted, killed or done), so a script reads one shape.
    const { exit, ...refusal } = target;
    if (json)
      ctx.out(
        JSON.stringify({
          ok: false,
          target: null,
          port: refusal.port,
          killed: [],
          timeline: [],
          code: refusal.code,
          message: refusal.message,
          hint: refusal.hint,
          release: null,
        }),
      );
    else ctx.err(`portwarden kill: ${refusal.message}${refusal.code === 'STALE_IDENTITY' ? `\n  ${refusal.hint}` : ''}`);
    return exit;
  }
  const { owner, port } = target;
  if (!json)
    ctx.err(
      `Target: ${processLabel(owner)}, started ${isoTime(owner.startTime)}${port ? `, owner of port ${port}` : ''} (id ${identityId(owner)})`,
    );

  const started = ctx.now();
  const result = await killTarget(owner, {
    scanner: ctx.scanner,
    port,
    settings,
    dataDir: appPaths(ctx.env).data,
    force: values.force === true,
    allHolders: values['all-holders'] === true,
    now: ctx.now,
    // The failure is printed once, as the outcome; with --json only a note reaches stderr.
    onStep: (s) => s.step !== 'failed' && (!json || s.step === 'note') && ctx.err(formatStep(s, started)),
  });
  if (json) ctx.out(JSON.stringify(killResultToJson(result)));
  else if (result.ok) {
    // "port 8080 is free" alone hid the nodemon that would have started the server again.
    const supervisor = result.supervisor ? `; its watch supervisor ${result.supervisor} went with it` : '';
    ctx.out(
      result.killed.length
        ? `Killed ${result.killed.map(processLabel).join(', ')}${port !== null ? `; port ${port} is free` : ''}${supervisor}.`
        : `${result.message}.`,
    );
  } else ctx.err(`portwarden kill: ${result.message}\n  ${result.hint}`);
  return exitFor(result);
}

/** A whole number that can be a port or a PID on this machine; anything else is bad input (exit 2). */
export function parseTargetNumber(text: string, limit: number = pidLimit()): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`"${text}" is neither a port, a PID nor an id: give a whole number, or an id from \`portwarden who\``);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > Math.max(limit, 65535))
    throw new UsageError(`"${text}" is neither a port nor a PID: PIDs on this machine go up to ${limit}`);
  return n;
}

type Resolved =
  | { owner: ProcessInfo; port: number | null }
  | { exit: number; code: string; message: string; hint: string; port: number | null };

/** An id names one process exactly: refused when its PID now runs something started at another time. */
async function resolveIdentity(identity: Identity, ctx: CliContext): Promise<Resolved> {
  const current = await ctx.scanner.get(identity.pid);
  const refusal = checkIdentity(identity, current);
  if (refusal) return { exit: EXIT.negative, ...refusal, port: null };
  const listener = (await ctx.scanner.scan({ fresh: true })).find((l) => l.owner && sameIdentity(l.owner, identity));
  return { owner: current!, port: listener?.port ?? null };
}

/**
 * A number is a port when something listens on it, else a PID. A bare PID is resolved to an
 * identity (PID + start time) now: it acts on whatever runs under that PID at this moment.
 */
async function resolveTarget(n: number, as: 'port' | 'pid' | null, ctx: CliContext): Promise<Resolved> {
  let listener = as === 'pid' || n > 65535 ? undefined : (await ctx.scanner.scan({ fresh: true })).find((l) => l.port === n);
  const closing = listener !== undefined && !listener.owner;
  if (closing) listener = await settledListener(n, ctx);
  const proc = as === 'port' ? null : await ctx.scanner.get(n);
  if (listener && proc && as === null) {
    const owner = listener.owner ? processLabel(listener.owner) : 'an unseen process';
    throw new UsageError(`${n} is both a listening port (owned by ${owner}) and PID ${n} (${proc.name}): say --port or --pid`);
  }
  if (listener) {
    if (listener.owner) return { owner: listener.owner, port: n };
    const elevated = listener.ownerHidden === 'EPERM';
    return {
      exit: elevated ? EXIT.elevated : EXIT.negative,
      code: elevated ? 'EPERM' : 'NOT_VISIBLE',
      message: `port ${n} is in use, but its owner is not visible: ${listener.ownerUnavailable ?? 'unknown'}`,
      hint: elevated ? needsElevatedRights(null, n).hint : 'It may belong to a container or another network namespace (`docker ps`).',
      port: n,
    };
  }
  if (proc) return { owner: proc, port: null };
  if (closing) {
    const message = `port ${n} was freed while Portwarden looked: its owner exited before the signal (another action or the process itself ended it)`;
    return { exit: EXIT.negative, code: 'NOT_FOUND', message, hint: 'Nothing to kill. Look again with `portwarden ls`.', port: n };
  }
  const message =
    as === 'port'
      ? `port ${n} is free: nothing to kill`
      : as === 'pid'
        ? `no process has PID ${n}`
        : `nothing listens on port ${n} and no process has PID ${n}`;
  return {
    exit: EXIT.negative,
    code: 'NOT_FOUND',
    message,
    hint: 'Nothing to kill. Look again with `portwarden ls`.',
    port: as === 'port' ? n : null,
  };
}

// A socket without a holder is most often one whose owner is exiting right now (another kill won
// the race, or it ended itself): its fds are closed before the socket leaves the table.
const CLOSING_WAIT_MS = 600;

async function settledListener(port: number, ctx: CliContext) {
  const deadline = Date.now() + CLOSING_WAIT_MS;
  for (;;) {
    await sleep(50);
    const l = (await ctx.scanner.scan({ fresh: true })).find((x) => x.port === port);
    if (!l || l.owner || Date.now() > deadline) return l;
  }
}

export function exitFor(result: KillResult | { ok: boolean; code?: string }): number {
  if (result.ok) return EXIT.ok;
  return 'code' in result && result.code === 'EPERM' ? EXIT.elevated : EXIT.negative;
}
