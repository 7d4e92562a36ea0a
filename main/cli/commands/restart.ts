import { parseArgs } from 'node:util';
import { parsePort } from '../../core/dev-ports';
import { formatStep, processLabel } from '../../shared';
import { appPaths } from '../../core/paths';
import { commandText } from '../../core/recipes';
import { restartPort, startPort } from '../../core/actions';
import { restartResultToJson } from '../../core/json';
import type { RestartAction, RestartOptions, RestartResult } from '../../core/restart';
import { checkIdentity } from '../../core/kill';
import { parseIdentityId, sameIdentity } from '../../core/process';
import type { Identity } from '../../core/types';
import { cliSettings } from '../cli-settings';
import { type CliContext, type Command, EXIT, UsageError } from '../context';
import { exitFor } from './kill';

export const restart: Command = {
  name: 'restart',
  summary: "kill a port's owner and start it again; exit 0 only when the new owner is verified",
  usage: 'portwarden restart <port|id> [--cwd DIR] [--json] [-- command…]',
  run: (args, ctx) => runVerified('restart', args, ctx),
};

/**
 * restart and start share everything but the kill. Everything after `--` is the command (it
 * overrides every recipe); the steps stream to stderr as they happen, the outcome goes to stdout.
 */
export async function runVerified(action: RestartAction, args: string[], ctx: CliContext): Promise<number> {
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const command = dashes < 0 ? null : args.slice(dashes + 1);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, cwd: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError(`${action} takes one port, e.g. \`portwarden ${action} 3000\``);
  if (command && command.length === 0) throw new UsageError('nothing after `--`: give the command to run, e.g. `-- npm run dev`');
  const json = values.json === true;
  const target = action === 'restart' ? await portOfIdentity(positionals[0]!, ctx) : null;
  if (target && 'exit' in target) {
    if (json) ctx.out(JSON.stringify({ ok: false, action, port: null, code: target.code, reason: target.message, hint: target.hint }));
    else ctx.err(`portwarden ${action}: ${target.message}\n  ${target.hint}`);
    return target.exit;
  }
  const port = target ? target.port : parsePort(positionals[0]!);

  const settings = cliSettings(ctx);
  const started = ctx.now();
  const abort = new AbortController();
  void ctx.interrupted.then(() => abort.abort());
  const options: RestartOptions = {
    port,
    scanner: ctx.scanner,
    settings,
    paths: appPaths(ctx.env),
    command,
    cwd: values.cwd ?? null,
    identity: target ? target.identity : null,
    userDir: ctx.cwd,
    now: ctx.now,
    signal: abort.signal,
    // The failure is printed once, as the outcome.
    onStep: json ? undefined : (s) => s.step !== 'failed' && ctx.err(formatStep(s, started)),
  };
  if (!json) ctx.err(`${action === 'restart' ? 'Restarting' : 'Starting'} port ${port}…`);
  const result = action === 'restart' ? await restartPort(options) : await startPort(options);
  if (json) ctx.out(JSON.stringify(restartResultToJson(result)));
  else report(result, ctx);
  // 128 + SIGINT, as shells report an interrupted command.
  if (!result.ok && result.code === 'INTERRUPTED') return 130;
  // A recipe that cannot start is the user's input to fix, like a bad argument.
  return !result.ok && result.code === 'BAD_RECIPE' ? EXIT.usage : exitFor(result);
}

/**
 * `restart <id>`: the port that identity owns. Refused (exit 1, STALE_IDENTITY) once its PID runs
 * another process, so a PID reused since \`who\` never gets restarted in its place.
 */
async function portOfIdentity(
  text: string,
  ctx: CliContext,
): Promise<{ port: number; identity: Identity } | { exit: number; code: string; message: string; hint: string } | null> {
  const identity = parseIdentityId(text);
  if (!identity) return null;
  const refusal = checkIdentity(identity, await ctx.scanner.get(identity.pid));
  if (refusal) return { exit: EXIT.negative, ...refusal };
  const listener = (await ctx.scanner.scan({ fresh: true })).find((l) => l.owner && sameIdentity(l.owner, identity));
  if (!listener)
    return {
      exit: EXIT.negative,
      code: 'NOT_FOUND',
      message: `PID ${identity.pid} owns no listening port`,
      hint: 'Give the port: `portwarden restart <port>`.',
    };
  return { port: listener.port, identity };
}

function report(r: RestartResult, ctx: CliContext): void {
  if (r.ok) {
    const was = r.old ? `PID ${r.old.pid} → ` : '';
    const answers = r.probe ? `, answers ${r.probe.status}` : '';
    ctx.out(
      [
        `Port ${r.port} ${r.action === 'restart' ? 'restarted' : 'started'}: ${was}${processLabel(r.new)}${answers}.`,
        `  recipe  ${r.recipe.source}: ${commandText(r.recipe.command)} (in ${r.recipe.cwd})`,
        `  log     ${r.log}`,
      ].join('\n'),
    );
    return;
  }
  const lines = [`portwarden ${r.action}: ${r.reason}`, `  ${r.hint}`];
  if (r.log) lines.push(`  log ${r.log}${r.logTail.length ? ', last lines:' : ''}`, ...r.logTail.slice(-8).map((l) => `    ${l}`));
  ctx.err(lines.join('\n'));
}
