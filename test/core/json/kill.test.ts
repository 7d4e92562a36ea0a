import { describe, expect, it } from 'vitest';
import { killResultToJson } from '../../../main/core/json';
import { proc } from '../kill/process-fixtures';

describe('killResultToJson', () => {
  it('names who took the port, and its parent, with ISO start times', () => {
    const old = proc({ pid: 10, startTime: Date.UTC(2030, 0, 1) });
    const child = proc({ pid: 21, ppid: 20, startTime: Date.UTC(2030, 0, 2) });
    const parent = proc({ pid: 20, name: 'PM2 v5', startTime: Date.UTC(2029, 0, 1) });
    const json = killResultToJson({
      ok: false,
      code: 'TAKEN',
      message: 'port 3000 was taken by another process',
      hint: 'stop the supervisor',
      target: old,
      port: 3000,
      killed: [{ pid: 10, startTime: old.startTime, name: 'node', signal: 'SIGTERM' }],
      steps: [{ at: Date.UTC(2030, 0, 3), step: 'plan', detail: 'node (PID 10)' }],
      release: { state: 'taken', by: child, parent, socketUid: 1000 },
    });
    expect(json).toEqual({
      ok: false,
      target: { pid: 10, startTime: '2030-01-01T00:00:00.000Z' },
      port: 3000,
      killed: [{ pid: 10, startTime: '2030-01-01T00:00:00.000Z', name: 'node', signal: 'SIGTERM' }],
      timeline: [{ at: '2030-01-03T00:00:00.000Z', step: 'plan', detail: 'node (PID 10)' }],
      code: 'TAKEN',
      message: 'port 3000 was taken by another process',
      hint: 'stop the supervisor',
      release: {
        state: 'taken',
        by: { pid: 21, startTime: '2030-01-02T00:00:00.000Z', name: 'node' },
        parent: { pid: 20, startTime: '2029-01-01T00:00:00.000Z', name: 'PM2 v5' },
        socketUid: 1000,
      },
    });
  });
});
