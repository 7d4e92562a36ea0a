import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../main/core/evidence';
import { decisiveLine, judgeOwner, judgeProbe, recipeEnv } from '../../../main/core/restart';
import { cleanLines } from '../../../main/core/restart/log-lines';
import { logFileName } from '../../../main/core/restart/spawn-recipe';
import { listener, proc } from '../kill/process-fixtures';

describe('decisiveLine', () => {
  it('quotes the EADDRINUSE line above everything else (the incident)', () => {
    const log = cleanLines(
      '▲ Next.js 15.1.0\n\n- Local: http://localhost:3000\nnode:events:497\n      throw er;\n\u001b[31mError: listen EADDRINUSE: address already in use :::3000\u001b[39m\n    at Server.setupListenHandle\n',
    );
    expect(decisiveLine(log)).toEqual({ line: 'Error: listen EADDRINUSE: address already in use :::3000', kind: 'address-in-use' });
    expect(decisiveLine(['OSError: [Errno 98] Address already in use'])?.kind).toBe('address-in-use');
  });

  it("takes a stack trace's first error line, not the code frame above it", () => {
    const log = [
      '> starting',
      'node:internal/modules/cjs/loader:1210',
      '  throw err;',
      '  ^',
      "Error: Cannot find module './x'",
      'Require stack:',
      '- /app/a.js',
    ];
    expect(decisiveLine(log)).toEqual({ line: "Error: Cannot find module './x'", kind: 'error' });
    expect(decisiveLine(['Error [ERR_MODULE_NOT_FOUND]: Cannot find package', 'x'])?.kind).toBe('error');
    expect(decisiveLine(['a', 'TypeError: x is not a function'])?.line).toBe('TypeError: x is not a function');
  });

  it('falls back to the last line, and to nothing for an empty log', () => {
    expect(decisiveLine(['ready', '{"port":4567}'])).toEqual({ line: '{"port":4567}', kind: 'last' });
    expect(decisiveLine([])).toBeNull();
  });
});

describe('judgeOwner', () => {
  const spawned = proc({ pid: 500, ppid: 1, sid: 500, pgid: 500, name: 'sh' });
  const server = proc({ pid: 501, ppid: 500, sid: 500, pgid: 500 });
  const old = proc({ pid: 100, sid: 90 });

  it('accepts the spawned process or its descendant as the new owner', () => {
    expect(judgeOwner({ listener: listener(3000, [server]), spawnedPid: 500, exited: false, all: [spawned, server], old })).toEqual({
      kind: 'ours',
      owner: server,
    });
    // re-parented (its parent exited), but still in the session Portwarden created
    const daemon = proc({ pid: 502, ppid: 1, sid: 500 });
    expect(judgeOwner({ listener: listener(3000, [daemon]), spawnedPid: 500, exited: true, all: [daemon], old }).kind).toBe('ours');
  });

  it('waits while someone else (or nobody) holds the port and ours still runs', () => {
    expect(judgeOwner({ listener: listener(3000, [old]), spawnedPid: 500, exited: false, all: [spawned, old], old })).toEqual({
      kind: 'wait',
      other: old,
    });
    expect(judgeOwner({ listener: undefined, spawnedPid: 500, exited: false, all: [spawned], old })).toEqual({ kind: 'wait', other: null });
  });

  it('is gone once the spawned process exited and nothing of its session lives', () => {
    expect(judgeOwner({ listener: listener(3000, [old]), spawnedPid: 500, exited: true, all: [old], old }).kind).toBe('gone');
    const zombie = { ...server, state: 'zombie' as const };
    expect(judgeOwner({ listener: undefined, spawnedPid: 500, exited: true, all: [zombie], old }).kind).toBe('gone');
  });

  it('never takes the old identity for the new owner', () => {
    const reused = proc({ pid: 100, sid: 500 });
    expect(judgeOwner({ listener: listener(3000, [reused]), spawnedPid: 500, exited: false, all: [reused], old: reused }).kind).toBe(
      'wait',
    );
  });
});

describe('judgeProbe', () => {
  const r = (p: Partial<ProbeResult>): ProbeResult => ({
    url: 'http://127.0.0.1:3000/',
    outcome: 'answered',
    status: 200,
    detail: null,
    at: 0,
    elapsedMs: 1,
    ...p,
  });

  it('passes any answer below 500, 404 included (the verdicts judge a 404 wall, not the restart)', () => {
    expect(judgeProbe(r({}), 0)).toEqual({ kind: 'pass', status: 200, detail: 'GET http://127.0.0.1:3000/ answered 200' });
    expect(judgeProbe(r({ status: 404 }), 0).kind).toBe('pass');
  });

  it('retries refusals and timeouts, and a 5xx until it repeats', () => {
    expect(judgeProbe(r({ outcome: 'refused', status: null, detail: 'ECONNREFUSED' }), 0)).toEqual({
      kind: 'retry',
      detail: 'http://127.0.0.1:3000/: refused (ECONNREFUSED)',
    });
    expect(judgeProbe(r({ status: 502 }), 0).kind).toBe('retry');
    expect(judgeProbe(r({ status: 500 }), 2)).toEqual({ kind: 'fail', status: 500, detail: 'GET http://127.0.0.1:3000/ answered 500' });
  });

  it('passes without a status when the port is bound only off loopback', () => {
    expect(judgeProbe(r({ outcome: 'skipped', status: null, url: null, detail: 'bound only to 10.0.0.5' }), 0)).toEqual({
      kind: 'pass',
      status: null,
      detail: 'not probed: bound only to 10.0.0.5',
    });
  });
});

describe('spawning details', () => {
  it('replaces the environment with an observed one (keeping a PATH), or merges settings into ours', () => {
    const base = { PATH: '/usr/bin', HOME: '/root' };
    const observed = {
      command: ['x'],
      cwd: '/app',
      env: { NODE_ENV: 'production' },
      envMode: 'replace' as const,
      source: 'observed' as const,
      origin: '',
    };
    expect(recipeEnv(observed, base)).toEqual({ NODE_ENV: 'production', PATH: '/usr/bin', PWD: '/app' });
    expect(recipeEnv({ ...observed, envMode: 'merge' }, base)).toEqual({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'production' });
  });

  it('names log files by port and time, without characters Windows forbids', () => {
    expect(logFileName(3000, Date.UTC(2030, 0, 2, 3, 4, 5, 678))).toBe('port-3000-2030-01-02T03-04-05-678Z.log');
  });
});
