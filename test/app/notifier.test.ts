import { describe, expect, it, vi } from 'vitest';
import { startNotifier } from '../../main/app/notifier';
import type { ActionOutcome } from '../../main/core/service';
import type { OwnerRef, WatchEvent } from '../../main/core/types';
import { actionOutcome, fakeService } from './fake-service';
import { free, snapshot } from './snapshot-fixtures';

const old: OwnerRef = { pid: 4242, startTime: 1, name: 'next-server' };

function setup(ownChange = false) {
  const service = fakeService(snapshot([free(3000)]));
  let emit: (e: WatchEvent) => void = () => {};
  let finish: (o: ActionOutcome) => void = () => {};
  const disposed: string[] = [];
  Object.assign(service, {
    onDidEmitEvent: (l: typeof emit) => {
      emit = l;
      return { dispose: () => disposed.push('events') };
    },
    onDidFinishAction: (l: typeof finish) => {
      finish = l;
      return { dispose: () => disposed.push('actions') };
    },
    isOwnChange: () => ownChange,
  });
  const show = vi.fn();
  const stop = startNotifier({ service, enabled: () => true, show });
  return { emit: (e: WatchEvent) => emit(e), finish: (o: ActionOutcome) => finish(o), show, stop, disposed };
}

describe('notifier glue', () => {
  it('treats the events of one tick as one batch: one notification per change', async () => {
    const { emit, show } = setup();
    emit({ type: 'owner-died', at: 1, port: 3000, owner: old });
    emit({ type: 'released', at: 1, port: 3000, previous: old });
    await Promise.resolve();
    expect(show).toHaveBeenCalledOnce();
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Port 3000: next-server died' }));
  });

  it("says nothing about changes that are Portwarden's own doing, but reports every action's outcome", async () => {
    const { emit, finish, show } = setup(true);
    emit({ type: 'owner-died', at: 1, port: 3000, owner: old });
    await Promise.resolve();
    expect(show).not.toHaveBeenCalled();
    finish(actionOutcome('kill', 3000, { actionId: 'kill-3000-1', summary: 'killed next-server', old }));
    expect(show).toHaveBeenCalledWith({ port: 3000, title: 'Kill on port 3000 verified', body: 'killed next-server' });
  });

  it('unsubscribes when stopped', () => {
    const { stop, disposed } = setup();
    stop();
    expect(disposed.sort()).toEqual(['actions', 'events']);
  });
});
