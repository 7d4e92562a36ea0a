import { readdirSync, readFileSync } from 'node:fs';
import { type Capture, type CapturedCommand, parseCapture } from '../../main/core/scan/capture/capture-format';
import type { Listener } from '../../main/core/types';

export type CapturePlatform = 'darwin' | 'win32';

export const capturesDir = (platform: CapturePlatform) => new URL(`../fixtures/${platform}/captures/`, import.meta.url);

/** The capture scenarios of a platform: every `<name>.json` that is not an expectation. */
export function captureNames(platform: CapturePlatform): string[] {
  return readdirSync(capturesDir(platform))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function loadCapture(platform: CapturePlatform, name: string): Capture {
  const url = new URL(`${name}.json`, capturesDir(platform));
  return parseCapture(readFileSync(url, 'utf8'), url.pathname);
}

/** The stdout of the first captured command that is `cmd` with every one of `args`. */
export function capturedStdout(capture: Capture, cmd: string, ...args: string[]): string {
  const found = capture.commands.find((c: CapturedCommand) => c.cmd === cmd && args.every((a) => c.args.includes(a)));
  if (!found) throw new Error(`capture has no ${cmd} ${args.join(' ')}`);
  return found.stdout;
}

/**
 * ps lstart is local time without a zone, so a macOS start time reads back the same in any zone as
 * local time; CIM's dates are absolute, so Windows start times are pinned in UTC.
 */
function startText(ms: number, platform: CapturePlatform): string {
  if (platform === 'win32') return new Date(ms).toISOString();
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** What an expectation file pins for each listener: who owns it, or why nobody is shown. */
export function listenerFacts(listeners: readonly Listener[], platform: CapturePlatform) {
  return listeners.map((l) => ({
    port: l.port,
    addresses: l.addresses,
    holders: l.holders.map((h) => h.pid),
    owner: l.owner && {
      pid: l.owner.pid,
      start: startText(l.owner.startTime, platform),
      ppid: l.owner.ppid,
      name: l.owner.name,
      user: l.owner.user,
      exe: l.owner.exe,
      cwd: l.owner.cwd,
      argv: l.owner.argv,
      state: l.owner.state,
      forwarder: l.owner.forwarder,
    },
    ownerUnavailable: l.ownerUnavailable,
    ownerHidden: l.ownerHidden,
  }));
}

let win32Captured: Record<string, string> | null = null;

/**
 * A Windows parser fixture by its old file name: netstat's English and Spanish text as the captures
 * hold it, the rest (code page 850 bytes, CIM and Get-NetTCPConnection JSON) as raw files.
 */
export function win32Fixture(name: string, encoding: BufferEncoding = 'utf8'): string {
  if (!win32Captured) {
    const en = loadCapture('win32', 'netstat-en-ps51');
    const es = loadCapture('win32', 'netstat-es');
    win32Captured = {
      'netstat-tcp-en.txt': capturedStdout(en, 'netstat', 'TCP'),
      'netstat-tcpv6-en.txt': capturedStdout(en, 'netstat', 'TCPv6'),
      'netstat-tcp-es.txt': capturedStdout(es, 'netstat', 'TCP'),
    };
  }
  return win32Captured[name] ?? readFileSync(new URL(`../fixtures/win32/${name}`, import.meta.url)).toString(encoding);
}
