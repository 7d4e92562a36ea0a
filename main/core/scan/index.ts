import type { PortTable, ProcessSource } from '../types';
import { LinuxPortTable } from './linux/linux-port-table';
import { DarwinPortTable } from './darwin/darwin-port-table';
import { Win32PortTable } from './win32/win32-port-table';
import { FallbackPortTable } from './fallback-port-table';

export { ownerHiddenCode, type OwnerHiddenCode } from './owner-hidden';

export type Scanner = PortTable & ProcessSource;

/** The adapter for this OS; systeminformation serves only platforms with no adapter of their own. */
export function createScanner(platform: NodeJS.Platform = process.platform): Scanner {
  switch (platform) {
    case 'linux':
      return new LinuxPortTable();
    case 'darwin':
      return new DarwinPortTable();
    case 'win32':
      return new Win32PortTable();
    default:
      return new FallbackPortTable(platform);
  }
}
