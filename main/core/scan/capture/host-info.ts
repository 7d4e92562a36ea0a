import { createRequire } from 'node:module';
import { arch, release, version } from 'node:os';
import type { Scanner } from '../create-scanner';

/** Darwin kernel major -> macOS: 20-24 are macOS 11-15; 25 is macOS 26 (the year-named Tahoe). */
export function macosFromDarwin(darwin: string): string | null {
  const major = Number(darwin.split('.')[0]);
  if (!Number.isInteger(major) || major < 20) return null;
  return major >= 25 ? `macOS ${major + 1}` : `macOS ${major - 9}`;
}

export function osLabel(platform: string, osRelease: string): string {
  const mac = platform === 'darwin' ? macosFromDarwin(osRelease) : null;
  return `${platform} ${osRelease}${mac ? ` (${mac})` : ''}`;
}

/** The Electron the app runs on: the running one inside the app, the installed package from the CLI. */
export function electronVersion(): string | null {
  if (process.versions.electron) return process.versions.electron;
  try {
    return (createRequire(__filename)('electron/package.json') as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

const ADAPTERS: Record<string, string> = {
  linux: "reads the kernel's port table (procfs, or sock_diag over netlink where the adapter has it) and /proc directly: no commands",
  darwin:
    'one `netstat -anvl -p tcp` per poll; lsof (always -b -w) and ps only when the listening (address, port, pid) set changes, or before an action',
  win32: 'netstat -ano -p TCP and -p TCPv6 per poll; PowerShell (CIM Win32_Process) only for pids not seen on a port before',
};

export interface HostInfo {
  platform: string;
  release: string;
  osVersion: string;
  arch: string;
  node: string;
  electron: string | null;
  adapter: string;
  adapterDescription: string;
  /** The Linux table's source (netlink or procfs) and why, where the adapter says. */
  source: string | null;
  sourceReason: string | null;
  notes: string[];
}

function optionalString(o: object, key: string): string | null {
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function hostInfo(scanner: Scanner): HostInfo {
  return {
    platform: process.platform,
    release: release(),
    osVersion: version(),
    arch: arch(),
    node: process.version,
    electron: electronVersion(),
    adapter: scanner.platform,
    adapterDescription: ADAPTERS[scanner.platform] ?? 'systeminformation (slow: no adapter of its own for this OS)',
    source: optionalString(scanner, 'source'),
    sourceReason: optionalString(scanner, 'sourceReason'),
    notes: scanner.notes?.() ?? [],
  };
}
