import { homedir, release, userInfo, arch } from 'node:os';
import { defaultRunner } from '../command-guard';
import { createScanner, type Scanner } from '../create-scanner';
import type { RunCommand } from '../run-command';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type Capture } from './capture-format';
import { recordingRunner } from './record';
import type { Listener } from '../../types';

export interface CaptureRun {
  capture: Capture;
  scanner: Scanner;
  listeners: Listener[];
}

function currentUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * One scan of this machine through `platform`'s adapter with every command recorded, then
 * `extra` (what `ls`/`who` ask next: the process list, parents) on the same recording scanner, so
 * a replay can answer them too.
 */
export async function takeCapture(
  platform: NodeJS.Platform,
  options: { version: string; now: () => number; run?: RunCommand; extra?: (scanner: Scanner, listeners: Listener[]) => Promise<unknown> },
): Promise<CaptureRun> {
  const home = homedir();
  const recorder = recordingRunner(options.run ?? defaultRunner, home);
  const isRoot = process.getuid?.() === 0;
  const scanner = createScanner(platform, { run: recorder.run, isRoot });
  const listeners = await scanner.scan({ fresh: true });
  await options.extra?.(scanner, listeners);
  const host = platform === process.platform ? '' : ` (the ${platform} adapter, run on ${process.platform})`;
  const capture: Capture = {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    source: `portwarden doctor --capture${host}`,
    createdAt: new Date(options.now()).toISOString(),
    portwarden: options.version,
    platform,
    release: release(),
    arch: arch(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    user: currentUser(),
    isRoot,
    commands: recorder.commands,
  };
  return { capture, scanner, listeners };
}
