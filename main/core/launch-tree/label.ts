import type { Classified } from './classify';
import { shellCommand } from './classify';

const VERBS = new Set(['dev', 'start', 'serve', 'preview', 'develop', 'watch', 'build', 'run', 'exec']);
const MAX = 48;

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function withVerb(tool: string, args: readonly string[]): string {
  const verb = args[0];
  return verb && VERBS.has(verb) ? `${tool} ${verb}` : tool;
}

/** `next dev`, `npm run dev`, `sh -c next dev`: what a person would type, never a rewritten title. */
export function commandOf(c: Classified, nearerTool: string | null = null): string {
  const { line, tool } = c;
  if (c.kind === 'launcher') {
    const inner = shellCommand(line);
    if (inner !== null) return clip(`${line.program.toLowerCase()} ${line.program.toLowerCase() === 'cmd' ? '/c' : '-c'} ${inner}`);
    return clip(`${tool} ${line.args.join(' ')}`.trim());
  }
  if (c.kind === 'process-manager') return tool === 'pm2' ? 'pm2 God Daemon' : (tool ?? line.program);
  if (tool === 'next' && line.retitled) {
    // next-server: the title Next wrote over its argv. The parent's command says what it serves.
    return nearerTool ?? 'next server';
  }
  if (tool) return tool.includes(' ') ? tool : withVerb(tool, line.args);
  if (line.script) return clip(`${line.program} ${line.script}`);
  return line.program || '?';
}

export function labelOf(command: string, pid: number): string {
  return `${command} (${pid})`;
}
