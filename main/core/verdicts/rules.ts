import type { PortEvidence } from '../evidence';
import type { Verdict } from '../types';
import { formatDuration } from '../../shared';
import { orphaned } from './orphaned';
import { describeProcess, quoteCommand } from './wording';

// Each rule is a pure function of the gathered evidence: null when it does not apply.
export type Rule = (e: PortEvidence) => Verdict | null;

const processState: Rule = (e) => {
  const { pid, state } = e.owner;
  const parent = e.ancestry?.parent;
  switch (state) {
    case 'zombie':
      return {
        kind: 'zombie',
        severity: 'trouble',
        explanation: `zombie (state Z): PID ${pid} has exited${parent ? ` but its parent ${describeProcess(parent)} has not reaped it` : ''}`,
        evidence: { pid, state, parent: parent ?? null },
      };
    case 'stopped':
      return {
        kind: 'stopped',
        severity: 'trouble',
        explanation: `stopped (state T): PID ${pid} is suspended (Ctrl-Z or SIGSTOP), holds the port and answers nothing; \`kill -CONT ${pid}\` resumes it`,
        evidence: { pid, state },
      };
    case 'tracing-stop':
      return {
        kind: 'stopped',
        severity: 'warning',
        explanation: `stopped by a debugger (state t): PID ${pid} answers nothing until the debugger lets it go`,
        evidence: { pid, state },
      };
    default:
      return null;
  }
};

const staleBuild: Rule = (e) => {
  const parts: string[] = [];
  const build = e.build;
  // In dev/watch mode the server rewrites its own output; only deleted files held still count.
  const changed = build && !build.watchMode ? build.changed : [];
  if (build && changed.length > 0) {
    const [latest, ...others] = changed;
    const also = others.length ? ` (also ${others.map((c) => `\`${c.name}\``).join(', ')})` : '';
    parts.push(`\`${latest!.name}\` rebuilt ${formatDuration(latest!.changedAt - build.startedAt)} after this server started${also}`);
  }
  const deleted = e.deletedFiles;
  if (deleted && deleted.count > 0) {
    parts.push(`it holds ${deleted.count} deleted file${deleted.count > 1 ? 's' : ''} under ${deleted.cwd} (${deleted.files[0]})`);
  }
  if (parts.length === 0) return null;
  return {
    kind: 'stale-build',
    severity: 'warning',
    explanation: `stale build: ${parts.join('; ')}; it may serve files that no longer exist`,
    evidence: { build: build && changed.length ? build : null, deletedFiles: deleted?.count ? deleted : null },
  };
};

const httpProbe: Rule = (e) => {
  const p = e.probe;
  if (!p?.url) return null;
  const request = `GET ${p.url}`;
  if (p.outcome === 'timeout' || p.outcome === 'reset') {
    const why = p.outcome === 'timeout' ? (p.detail ?? 'timed out') : 'the connection was reset';
    return { kind: 'not-answering', severity: 'trouble', explanation: `not answering: ${request}: ${why}`, evidence: { probe: p } };
  }
  if (p.outcome === 'answered' && p.status === 404) {
    return { kind: '404-wall', severity: 'trouble', explanation: `404 wall: ${request} answers 404 Not Found`, evidence: { probe: p } };
  }
  return null;
};

/** The older of two copies of one project's server started by the same recipe: probably forgotten. */
export const duplicate: Rule = (e) => {
  const d = e.duplicate;
  const copy = d?.newer[0];
  if (!d || !copy) return null;
  const more = d.newer.length > 1 ? ` (and ${d.newer.length - 1} more)` : '';
  return {
    kind: 'duplicate',
    severity: 'warning',
    explanation: `duplicate: another copy of ${d.project.name} (${quoteCommand(d.command, 40)}) listens on ${copy.port} (PID ${copy.pid}), started ${formatDuration(copy.laterMs)} later${more}; this older one is likely forgotten`,
    evidence: { duplicate: d },
  };
};

export const RULES: readonly Rule[] = [processState, orphaned, staleBuild, httpProbe, duplicate];
