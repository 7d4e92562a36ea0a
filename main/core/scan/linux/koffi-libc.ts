import type { NetlinkCalls } from './sock-diag';

type Koffi = typeof import('koffi');

/**
 * libc's socket/send/recv/close through koffi, or why not. Loaded on first use, not at import:
 * a CLI command that never scans should not pay for the FFI library, and a missing prebuilt
 * binary (an architecture koffi does not ship) must be a reason to fall back, not a crash.
 */
export function loadNetlinkCalls(): NetlinkCalls | string {
  let koffi: Koffi;
  try {
    koffi = require('koffi') as Koffi;
  } catch (err) {
    return `koffi could not be loaded (${firstLine(err)})`;
  }
  let libc: ReturnType<Koffi['load']>;
  try {
    // The process's own symbols: libc is already mapped into node/electron, under whatever
    // name this libc uses (glibc's libc.so.6, musl's ld-musl-*.so.1).
    libc = koffi.load(null);
    libc.func('int socket(int, int, int)');
  } catch {
    try {
      libc = koffi.load('libc.so.6');
    } catch (err) {
      return `libc could not be opened through koffi (${firstLine(err)})`;
    }
  }
  try {
    return {
      socket: libc.func('int socket(int domain, int type, int protocol)'),
      send: libc.func('intptr_t send(int fd, const void *buf, size_t len, int flags)'),
      recv: libc.func('intptr_t recv(int fd, void *buf, size_t len, int flags)'),
      close: libc.func('int close(int fd)'),
      errno: () => koffi.errno(),
    };
  } catch (err) {
    return `libc's socket functions could not be declared through koffi (${firstLine(err)})`;
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
