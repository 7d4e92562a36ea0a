import { parseArgs } from 'node:util';
import { parsePort } from '../../core/dev-ports';
import { formatAddresses, formatArgv, formatDuration, parentsLine, processLabel, projectLabel } from '../../shared';
import { identityId, parentChain } from '../../core/process';
import { processToJson } from '../../core/json';
import { describeForwarder } from '../../shared';
import type { ProcessInfo } from '../../core/types';
import { assessListeners } from '../../core/watcher';
import { cliSettings } from '../cli-settings';
import { type Command, EXIT, UsageError } from '../context';
import { listenerJson } from './ls';

export const who: Command = {
  name: 'who',
  summary: 'who owns a port: owner, parent chain, start time and uptime',
  usage: 'portwarden who <port> [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new UsageError('who takes one port, e.g. `portwarden who 3000`');
    const port = parsePort(positionals[0]!);
    const all = await ctx.scanner.scan();
    const listener = all.find((l) => l.port === port);
    if (!listener) {
      if (values.json) ctx.out(JSON.stringify({ listeners: [] }));
      else ctx.out(`Port ${port} is free: nothing is listening on it.`);
      return EXIT.negative;
    }
    const parents = listener.owner ? await parentChain(ctx.scanner, listener.owner) : [];
    const settings = cliSettings(ctx);
    const assessed = (await assessListeners([listener], { scanner: ctx.scanner, settings, peers: all })).get(port);
    const launch = assessed?.evidence?.launch?.nodes ?? [];
    if (values.json) {
      const json = listenerJson(listener, assessed);
      ctx.out(JSON.stringify({ listeners: [{ ...json, parents: parents.map(processToJson) }] }));
      return EXIT.ok;
    }
    const o = listener.owner;
    const lines = [`Port ${port} (tcp on ${formatAddresses(listener.addresses)})`];
    if (!o) {
      lines.push(`  owner    unknown: ${listener.ownerUnavailable ?? 'not visible'}`);
      if (listener.socketUid !== null) lines.push(`  uid      ${listener.socketUid} (from the socket)`);
    } else {
      const up = formatDuration(ctx.now() - o.startTime);
      lines.push(`  owner    ${processLabel(o)}, user ${o.user ?? '?'}, ${o.state}, up ${up}`);
      lines.push(`  started  ${new Date(o.startTime).toISOString()}`);
      lines.push(`  id       ${identityId(o)}  (\`portwarden kill ${identityId(o)}\` acts on this process only)`);
      lines.push(`  command  ${o.argv.length ? formatArgv(o.argv) : o.name}`);
      if (o.cwd) lines.push(`  cwd      ${o.cwd}`);
      const project = assessed?.evidence?.project;
      if (project) lines.push(`  project  ${projectLabel(project, true)}${project.source === 'argv' ? ', from its command line' : ''}`);
      if (o.forwarder) lines.push(`  note     ${describeForwarder(o.forwarder)}`);
      // The launch tree's labels (`next dev (31652) ← npm run dev (31611)`): a bare `node` says nothing.
      if (launch.length > 1) lines.push(`  parents  ${parentsLine(launch)}`);
      else if (parents.length) lines.push(`  parents  ${parents.map(brief).join(' ← ')}`);
      const others = listener.holders.filter((h) => h.pid !== o.pid);
      if (others.length) lines.push(`  holders  also held by ${others.map(brief).join(', ')}`);
      for (const v of assessed?.verdicts ?? []) lines.push(`  verdict  ${v.explanation}`);
    }
    ctx.out(lines.join('\n'));
    return EXIT.ok;
  },
};

function brief(p: ProcessInfo): string {
  return `${p.name} (${p.pid})`;
}
