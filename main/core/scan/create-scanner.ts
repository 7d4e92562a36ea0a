import type { PortTable, ProcessSource } from '../types';
import { LinuxPortTable } from './linux/linux-port-table';
import { DarwinPortTable } from './darwin/darwin-port-table';
import { Win32PortTable } from './win32/win32-port-table';
import { FallbackPortTable } from './fallback-port-table';
import type { RunCommand } from './run-command';

export type Scanner = PortTable &
  ProcessSource & {
    /** The programs an adapter runs (none: it reads the kernel directly). */
    readonly commands?: readonly string[];
    /** What this machine's scans cannot see, one line each (macOS: netstat hiding other users). */
    notes?(): string[];
    /** Set when the scanner answers from a capture: nothing it reports is on this machine. */
    readonly replay?: { file: string; platform: string };
  };

export interface ScannerOptions {
  /** The command runner of the macOS and Windows adapters (a recorder or a replay). */
  run?: RunCommand;
  isRoot?: boolean;
  /** Linux: false reads listeners from procfs and never loads koffi (see LinuxPortTableOptions). */
  netlink?: false;
}

/** The adapter for this OS; systeminformation serves only platforms with no adapter of their own. */
export function createScanner(platform: NodeJS.Platform = process.platform, options: ScannerOptions = {}): Scanner {
  switch (platform) {
    case 'linux':
      return new LinuxPortTable(options.netlink === false ? { netlink: false } : {});
    case 'darwin':
      return new DarwinPortTable(options);
    case 'win32':
      return new Win32PortTable({ run: options.run });
    default:
      return new FallbackPortTable(platform);
  }
}
