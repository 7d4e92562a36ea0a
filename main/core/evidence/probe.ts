import { request } from 'node:http';
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

/** One GET with a hard deadline; a timeout or a reset means the server is not answering. */
export const probeHttp: Probe = (target) => {
  const started = Date.now();
  const host = loopbackHost(target.addresses);
  const done = (r: Omit<ProbeResult, 'at' | 'elapsedMs'>): ProbeResult => ({ ...r, at: started, elapsedMs: Date.now() - started });
  if (!host || !isLoopback(host)) {
    return Promise.resolve(
      done({ url: null, outcome: 'skipped', status: null, detail: `bound only to ${target.addresses.join(', ')}: Portwarden probes loopback only` }),
    );
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${target.port}${target.path}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<ProbeResult, 'at' | 'elapsedMs' | 'url'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(done({ url, ...r }));
    };
    const req = request({ host, port: target.port, path: target.path, method: 'GET', agent: false, headers: { 'user-agent': 'portwarden-probe' } }, (res) => {
      res.resume();
      finish({ outcome: 'answered', status: res.statusCode ?? null, detail: null });
    });
    const timer = setTimeout(() => finish({ outcome: 'timeout', status: null, detail: `no answer within ${target.timeoutMs} ms` }), target.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const outcome = err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'error';
      finish({ outcome, status: null, detail: err.code ? `${err.code}: ${err.message}` : err.message });
    });
    req.end();
  });
};
