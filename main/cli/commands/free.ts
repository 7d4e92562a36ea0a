import { parseArgs } from 'node:util';
import { cliSettings } from '../cli-settings';
import { type FreeOutcome, freePorts } from '../../core/actions';
import { parsePort } from '../../core/dev-ports';
import { killResultToJson, processToJson } from '../../core/json';
import { appPaths } from '../../core/paths';
import { processLabel } from '../../shared';
import { type Command, EXIT, UsageError } from '../context';

export const free: Command = {
  name: 'free',
  summary: "free ports held by this folder's project (for a predev script); another project's port only with --force",
  usage: 'portwarden free <port…> [--force] [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, force: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('free takes one or more ports, e.g. `portwarden free 3000`');
    const ports = positionals.map((p) => parsePort(p));
    const settings = cliSettings(ctx);
    const results = await freePorts(ports, {
      scanner: ctx.scanner,
      settings,
      dataDir: appPaths(ctx.env).data,
      cwd: ctx.cwd,
      force: values.force === true,
      now: ctx.now,
    });
    if (values.json) ctx.out(JSON.stringify({ ok: results.every(succeeded), results: results.map(outcomeToJson) }));
    else for (const r of results) say(r, ctx);
    return Math.max(EXIT.ok, ...results.map(exitOf));
  },
};

function succeeded(r: FreeOutcome): boolean {
  return r.outcome === 'already-free' || r.outcome === 'freed';
}

function exitOf(r: FreeOutcome): number {
  if (r.outcome === 'already-free' || r.outcome === 'freed') return EXIT.ok;
  const code = r.outcome === 'refused' ? r.code : r.kill.code;
  return code === 'EPERM' ? EXIT.elevated : EXIT.negative;
}

/** A predev script's output: nothing for a port already free, one line for a port freed or refused. */
function say(r: FreeOutcome, ctx: { out: (t: string) => void; err: (t: string) => void }): void {
  switch (r.outcome) {
    case 'already-free':
      return;
    case 'freed': {
      const of = r.project ? ` of ${r.project.name}${r.reason === 'a copy of this project' ? ` in ${r.project.root}` : ''}` : '';
      ctx.out(`Freed port ${r.port}: killed ${r.command}${of} (${r.kill.killed.map(processLabel).join(', ')}).`);
      return;
    }
    case 'refused':
      ctx.err(`portwarden free: ${r.message}\n  ${r.hint}`);
      return;
    case 'failed':
      ctx.err(`portwarden free: port ${r.port}: ${r.kill.message}\n  ${r.kill.hint}`);
      return;
  }
}

function outcomeToJson(r: FreeOutcome) {
  switch (r.outcome) {
    case 'already-free':
      return { port: r.port, outcome: r.outcome };
    case 'freed':
    case 'failed':
      return {
        port: r.port,
        outcome: r.outcome,
        owner: processToJson(r.owner),
        command: r.command,
        project: r.project,
        ...(r.outcome === 'freed' ? { reason: r.reason } : {}),
        kill: killResultToJson(r.kill),
      };
    case 'refused':
      return {
        port: r.port,
        outcome: r.outcome,
        code: r.code,
        message: r.message,
        hint: r.hint,
        owner: r.owner ? processToJson(r.owner) : null,
        project: r.project,
      };
  }
}
