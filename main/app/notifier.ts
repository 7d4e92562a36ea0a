import type { PortwardenService } from '../core/service';
import type { WatchEvent } from '../core/types';
import { actionNotification, decideNotifications, INITIAL_NOTIFY_STATE, type NotificationSpec, type NotifyState } from './notifications';

export interface NotifierDeps {
  service: PortwardenService;
  enabled: () => boolean;
  show: (spec: NotificationSpec) => void;
}

/**
 * Feeds the watcher's events to the pure decision, one tick at a time: the watcher fires a tick's
 * events synchronously, so collecting until the next microtask gives exactly one tick's batch.
 */
export function startNotifier(deps: NotifierDeps): () => void {
  const { service } = deps;
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  let batch: WatchEvent[] = [];
  const flush = () => {
    const events = batch;
    batch = [];
    const watched = new Set(
      service
        .current()
        .ports.filter((p) => p.watched)
        .map((p) => p.port),
    );
    const out = decideNotifications(state, events, {
      enabled: deps.enabled(),
      isWatched: (port) => watched.has(port),
      isExpected: (port, departing) => service.isOwnChange(port, departing),
    });
    state = out.state;
    for (const spec of out.notify) deps.show(spec);
  };
  const subscriptions = [
    service.onDidEmitEvent((event) => {
      if (batch.length === 0) queueMicrotask(flush);
      batch.push(event);
    }),
    // The user asked for the action and waits for its verdict: always reported.
    service.onDidFinishAction((outcome) => deps.show(actionNotification(outcome))),
  ];
  return () => subscriptions.forEach((s) => s.dispose());
}
