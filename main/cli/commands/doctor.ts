import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json';
import {
  type Capture,
  CaptureError,
  commandLine,
  hostInfo,
  osLabel,
  readCapture,
  recordingRunner,
  replayScanner,
  type Scanner,
  takeCapture,
} from '../../core/scan';
import { parentChain } from '../../core/process';
import { loadSettings } from '../../core/settings/store';
import type { Listener } from '../../core/types';
import { assessListeners } from '../../core/watcher';
import { type Command, EXIT, UsageError } from '../context';

export const VERSION: string = pkg.version;

export function versionLine(): string {
  return `portwarden ${VERSION}`;
}

/** What `ls` and `who` ask after the scan (every process, each owner's parents, the evidence), minus the HTTP probe. */
export async function followUps(scanner: Scanner, listeners: Listener[], env: NodeJS.ProcessEnv): Promise<void> {
  await scanner.list();
  for (const l of listeners) if (l.owner) await parentChain(scanner, l.owner);
  await assessListeners(listeners, { scanner, settings: loadSettings({ env }).settings, probe: null });
}

function describeCommands(commands: Capture['commands']): string[] {
  if (commands.length === 0) return ['  (none: this adapter reads the kernel directly)'];
  return commands.map((c) => {
    const outcome = c.error ? `failed: ${c.error}` : `exit ${c.code ?? 'by signal'}, ${c.stdout.split('\n').filter(Boolean).length} lines`;
    return `  ${commandLine(
      c.cmd,
      c.args.map((a) => (a.length > 60 ? `${a.slice(0, 57)}…` : a)),
    )}  (${outcome}, ${c.durationMs} ms)`;
  });
}

export const doctor: Command = {
  name: 'doctor',
  summary: 'platform, versions, adapter and the exact commands of one scan; --capture for a bug report',
  usage: 'portwarden doctor [--capture FILE | --replay FILE] [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { capture: { type: 'string' }, replay: { type: 'string' }, json: { type: 'boolean' } } });
    if (values.capture !== undefined && values.replay !== undefined)
      throw new UsageError('--capture records this machine and --replay reads a capture: give one');
    const replayFile = values.replay ?? ctx.scanner.replay?.file ?? null;
    let run: { capture: Capture; scanner: Scanner; listeners: Listener[] };
    if (replayFile !== null) {
      let captured: Capture;
      let scanner: Scanner;
      let recorded: Capture['commands'] = [];
      try {
        captured = readCapture(replayFile);
        scanner = replayScanner(captured, replayFile, (replay) => {
          const recorder = recordingRunner(replay, '');
          recorded = recorder.commands;
          return recorder.run;
        });
      } catch (err) {
        if (!(err instanceof CaptureError)) throw err;
        ctx.err(`portwarden doctor: ${err.message}`);
        return EXIT.usage;
      }
      const listeners = await scanner.scan({ fresh: true });
      run = { capture: { ...captured, commands: recorded }, scanner, listeners };
      ctx.err(
        `portwarden doctor: replaying ${replayFile}, captured ${captured.createdAt} on ${osLabel(captured.platform, captured.release)} by portwarden ${captured.portwarden} (${captured.source})`,
      );
    } else {
      run = await takeCapture(ctx.scanner.platform as NodeJS.Platform, {
        version: VERSION,
        now: ctx.now,
        extra: (s, l) => followUps(s, l, ctx.env),
      });
    }
    if (values.capture !== undefined) {
      try {
        writeFileSync(values.capture, `${JSON.stringify(run.capture, null, 2)}\n`);
      } catch (err) {
        ctx.err(
          `portwarden doctor: cannot write ${values.capture} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a path in a folder you can write to`,
        );
        return EXIT.negative;
      }
      ctx.err(
        `portwarden doctor: wrote ${values.capture} (${run.capture.commands.length} commands, ${run.listeners.length} listeners); your home folder is written as ~, your user name is kept: read it before you attach it`,
      );
    }
    const info = hostInfo(run.scanner);
    const replayed = replayFile !== null ? { file: replayFile, platform: run.capture.platform, release: run.capture.release } : null;
    if (values.json) {
      ctx.out(
        JSON.stringify({
          version: VERSION,
          ...info,
          replay: replayed,
          listeners: run.listeners.length,
          commands: run.capture.commands.map(({ cmd, args: a, code, durationMs, error }) => ({
            cmd,
            args: a,
            code,
            durationMs,
            ...(error ? { error } : {}),
          })),
        }),
      );
      return EXIT.ok;
    }
    const lines = [
      versionLine(),
      `platform   ${osLabel(info.platform, info.release)}, ${info.arch} (${info.osVersion})`,
      `node       ${info.node}`,
      `electron   ${info.electron ?? 'not installed'}${process.versions.electron ? '' : ' (the CLI itself runs on Node)'}`,
      `adapter    ${info.adapter}: ${info.adapterDescription}`,
      ...(replayed
        ? [`replay     ${replayed.file} (${osLabel(replayed.platform, replayed.release)}): nothing below is on this machine`]
        : []),
      ...(info.source ? [`source     ${info.source}${info.sourceReason ? ` (${info.sourceReason})` : ''}`] : []),
      ...info.notes.map((n) => `note       ${n}`),
      `listeners  ${run.listeners.length}`,
      'commands of one scan:',
      ...describeCommands(run.capture.commands),
    ];
    ctx.out(lines.join('\n'));
    return EXIT.ok;
  },
};
