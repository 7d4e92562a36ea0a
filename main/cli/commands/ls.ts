import { parseArgs } from 'node:util';
import { inRanges, type PortRange } from '../../core/dev-ports';
import { formatAddresses, formatArgv, formatDuration, projectLabel } from '../../shared';
import { listenerToJson } from '../../core/json';
import { toRanges } from '../../core/settings/schema';
import type { Listener } from '../../core/types';
import { cliSettings } from '../cli-settings';
import { type Assessment, assessListeners } from '../../core/watcher';
import { type CliContext, type Command, EXIT } from '../context';
import { renderTable } from '../table';

export const ls: Command = {
  name: 'ls',
  summary: 'list listening ports and their owners',
  usage: 'portwarden ls [--all] [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { all: { type: 'boolean' }, json: { type: 'boolean' } } });
    const settings = cliSettings(ctx);
    const watched = toRanges(settings.watchedPorts);
    const all = await ctx.scanner.scan();
    const listeners = all.filter((l) => values.all || isInteresting(l, watched));
    const assessed = await assessListeners(listeners, { scanner: ctx.scanner, settings, peers: all });
    if (values.json) {
      ctx.out(JSON.stringify({ listeners: listeners.map((l) => listenerJson(l, assessed.get(l.port))) }));
      return EXIT.ok;
    }
    if (listeners.length === 0) {
      ctx.out(values.all ? 'No listening TCP ports.' : 'No dev ports in use and none of yours listening (try --all).');
      return EXIT.ok;
    }
    ctx.out(renderListeners(listeners, ctx, assessed));
    return EXIT.ok;
  },
};

/** By default: the watched ports (the dev ranges unless the settings say otherwise), and anything the current user owns. */
function isInteresting(l: Listener, watched: readonly PortRange[]): boolean {
  const me = process.getuid?.();
  return inRanges(l.port, watched) || (me !== undefined && (l.owner?.uid ?? l.socketUid) === me);
}

/** The listener with its verdicts, project and classified launch tree (an owner's `project`, `launch`). */
export function listenerJson(l: Listener, a: Assessment | undefined) {
  return listenerToJson(l, a?.verdicts, { project: a?.evidence?.project ?? null, launch: a?.evidence?.launch?.nodes ?? [] });
}

function renderListeners(listeners: Listener[], ctx: Pick<CliContext, 'now'>, assessed: Map<number, Assessment>): string {
  const rows = listeners.map((l) => {
    const o = l.owner;
    const a = assessed.get(l.port);
    return [
      String(l.port),
      formatAddresses(l.addresses),
      o ? String(o.pid) : '-',
      o?.user ?? '-',
      o ? formatDuration(ctx.now() - o.startTime) : '-',
      // Two Next projects both show as `next-server (v16…)`: the project tells them apart.
      projectLabel(a?.evidence?.project) ?? '-',
      a?.verdicts.map((v) => v.kind).join(',') || '-',
      o ? describeOwner(l) : `(${l.ownerUnavailable ?? 'unknown owner'})`,
    ];
  });
  return renderTable(['PORT', 'ADDRESS', 'PID', 'USER', 'UP', 'PROJECT', 'VERDICT', 'COMMAND'], rows);
}

function describeOwner(l: Listener): string {
  const o = l.owner!;
  const extra = l.holders.length > 1 ? ` (+${l.holders.length - 1} holder${l.holders.length > 2 ? 's' : ''})` : '';
  const label = o.forwarder ? ` [${o.forwarder}]` : '';
  const cmd = o.argv.length ? formatArgv(o.argv) : o.name;
  return `${cmd.length > 80 ? `${cmd.slice(0, 77)}…` : cmd}${label}${extra}`;
}
