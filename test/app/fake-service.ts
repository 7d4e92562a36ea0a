// The service's own result helpers, not its index: main.test mocks the index with this fake.
import { fail, ok } from '../../main/core/service/result';
import type { ActionOutcome, PortwardenService, RecipeView } from '../../main/core/service';
import { sameIdentity } from '../../main/core/process';
import type { Snapshot } from '../../main/core/types';
import { vi } from 'vitest';
import { defaultSettings } from '../../main/core/settings/schema';

/**
 * An in-memory service for glue tests: the glue's job is to route and check, so what matters is
 * which calls arrive. Real actions on real processes are tested in test/core and test/renderer.
 */
/** A verified outcome of `action` on `port` with nothing in it; tests set what they look at. */
export function actionOutcome(action: ActionOutcome['action'], port: number, over: Partial<ActionOutcome> = {}): ActionOutcome {
  return {
    actionId: `${action}-${port}`,
    action,
    port,
    verified: true,
    summary: `${action} ${port} done`,
    reason: null,
    hint: null,
    old: null,
    new: null,
    recipe: null,
    probeStatus: null,
    timeline: [],
    log: null,
    logTail: [],
    ...over,
  };
}

export function fakeService(snapshot: Snapshot, selfUid = 1000) {
  let current = snapshot;
  const outcome = (action: ActionOutcome['action'], port: number) => actionOutcome(action, port);
  const service = {
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    current: () => current,
    self: () => ({ uid: selfUid, user: 'dev' }),
    onDidChangeSnapshot: () => ({ dispose() {} }),
    onDidEmitEvent: () => ({ dispose() {} }),
    onDidStepAction: () => ({ dispose() {} }),
    onDidFinishAction: () => ({ dispose() {} }),
    setPaused: vi.fn((paused: boolean) => {
      current = { ...current, paused };
    }),
    knownRecipes: () => new Map<number, RecipeView>(),
    busyPorts: () => new Set<number>(),
    onDidChangeActivity: () => ({ dispose() {} }),
    isOwnChange: () => false,
    inspect: vi.fn(async (port: number) => {
      const status = current.ports.find((p) => p.port === port);
      return status
        ? ok({ status, parents: [], history: [], recipe: null, lastOutcome: null })
        : fail('NOT_IN_SNAPSHOT', `nothing on ${port}`, 'refresh');
    }),
    kill: vi.fn(async (req: { port: number; identity: { pid: number; startTime: number } }) => {
      const owner = current.ports.find((p) => p.port === req.port)?.listener?.owner;
      if (!owner || !sameIdentity(owner, req.identity)) return fail('NOT_IN_SNAPSHOT', 'gone', 'refresh');
      return ok(outcome('kill', req.port));
    }),
    restart: vi.fn(async (req: { port: number }) => ok(outcome('restart', req.port))),
    startPort: vi.fn(async (req: { port: number }) => ok(outcome('start', req.port))),
    currentSettings: () => defaultSettings(),
    getSettings: vi.fn(async () => fail('UNAVAILABLE', 'no settings in the fake', '')),
    validateSettings: vi.fn(() => ({ valid: false as const, issues: [{ path: 'pollIntervalMs', message: 'must be at least 250' }] })),
    saveSettings: vi.fn(async () => fail('UNAVAILABLE', 'no settings in the fake', '')),
  } satisfies PortwardenService;
  return service;
}
