import type { Listener, PortTable, ProcessInfo, ProcessSource } from '../../types';

// PLACEHOLDER: the real adapter replaces this file (issue 2, macOS/Windows adapters).
export class DarwinPortTable implements PortTable, ProcessSource {
  readonly platform = 'darwin';
  async scan(): Promise<Listener[]> {
    throw new Error('not implemented yet');
  }
  async get(_pid: number): Promise<ProcessInfo | null> {
    throw new Error('not implemented yet');
  }
  async list(): Promise<ProcessInfo[]> {
    throw new Error('not implemented yet');
  }
}
