import type { ProbeResult } from './types';

export interface ProbeTarget {
  port: number;
  /** Addresses the port is bound on; the probe picks a loopback one of the same family. */
  addresses: readonly string[];
  path: string;
  timeoutMs: number;
}

export type Probe = (target: ProbeTarget) => Promise<ProbeResult>;

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/**
 * Where to send the probe: only ever loopback. A wildcard bind answers on loopback of its family;
 * a port bound only to a LAN address is not probed at all.
 */
export function loopbackHost(addresses: readonly string[]): string | null {
  const v4 = addresses.find((a) => /^(::ffff:)?127\./.test(a));
  if (v4) return v4.replace(/^::ffff:/, '');
  if (addresses.includes('::1')) return '::1';
  if (addresses.includes('0.0.0.0') || addresses.includes('::ffff:0.0.0.0')) return '127.0.0.1';
  if (addresses.includes('::')) return '::1';
  return null;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})/;

/**
 * One GET with a hard deadline; a timeout or a reset means the server is not answering. Written
 * on a bare socket rather than node:http: only the status line matters, and the watcher sends
 * one every few seconds per port, so the lighter the better.
 */
export const probeHttp: Probe = (target) => {
  const started = Date.now();
  const host = loopbackHost(target.addresses);
  const done = (r: Omit<ProbeResult, 'at' | 'elapsedMs'>): ProbeResult => ({ ...r, at: started, elapsedMs: Date.now() - started });
  if (!host || !isLoopback(host)) {
    return Promise.resolve(
      done({
        url: null,
        outcome: 'skipped',
        status: null,
        detail: `bound only to ${target.addresses.join(', ')}: Portwarden probes loopback only`,
      }),
    );
  }
  const authority = `${host.includes(':') ? `[${host}]` : host}:${target.port}`;
  const url = `http://${authority}${target.path}`;
  return new Promise((resolve) => {
    let head = '';
    const finish = (r: Omit<ProbeResult, 'at' | 'elapsedMs' | 'url'>) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(done({ url, ...r }));
    };
    // node:net is required when a port is probed, not at import: `who` of a non-HTTP port never pays its load.
    const socket = (require('node:net') as typeof import('node:net')).connect({ host, port: target.port }, () => {
      // write, not end: a half-close makes some servers hang up before they answer.
      socket.write(`GET ${target.path} HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: portwarden-probe\r\nConnection: close\r\n\r\n`);
    });
    const timer = setTimeout(
      () => finish({ outcome: 'timeout', status: null, detail: `no answer within ${target.timeoutMs} ms` }),
      target.timeoutMs,
    );
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      head += chunk;
      const line = head.indexOf('\r\n');
      if (line < 0 && head.length < 1024) return;
      const status = STATUS_LINE.exec(head);
      if (status) finish({ outcome: 'answered', status: Number(status[1]), detail: null });
      else finish({ outcome: 'error', status: null, detail: `not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}` });
    });
    socket.on('end', () =>
      finish({
        outcome: 'reset',
        status: null,
        detail: head ? `closed after ${JSON.stringify(head.slice(0, 40))}` : 'closed the connection without answering',
      }),
    );
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const outcome = err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'error';
      finish({ outcome, status: null, detail: err.code ? `${err.code}: ${err.message}` : err.message });
    });
  });
};
