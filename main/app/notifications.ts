import { compareSeverity, isProblem } from '../shared';
import type { ActionOutcome } from '../core/service';
import type { OwnerRef, Verdict, WatchEvent } from '../core/types';

// Which watch events deserve a desktop notification. Pure: a reducer over the events of one tick,
// so "one per change, not one per poll" is a tested property. One tick can say the same thing
// several ways (owner-died + released, owner-died + owner-changed): that is one notification. A
// verdict that flickers (a probe timing out every other poll) is announced when it appears, not
// again while it stays.

export interface NotificationSpec {
  title: string;
  body: string;
  /** Which port's details to show when the notification is clicked. */
  port: number | null;
}

export interface NotifyContext {
  enabled: boolean;
  isWatched(port: number): boolean;
  /**
   * Portwarden's own doing: an action runs on the port, or the departing owner is one it killed.
   * Such changes are not news.
   */
  isExpected(port: number, departing: OwnerRef | null): boolean;
}

export interface NotifyState {
  /** Per port, the warning kinds already announced; cleared when they clear or the owner changes. */
  readonly announced: ReadonlyMap<number, readonly string[]>;
}

export const INITIAL_NOTIFY_STATE: NotifyState = { announced: new Map() };

export function decideNotifications(
  state: NotifyState,
  events: readonly WatchEvent[],
  ctx: NotifyContext,
): { state: NotifyState; notify: NotificationSpec[] } {
  const announced = new Map(state.announced);
  const notify: NotificationSpec[] = [];
  for (const [port, group] of eventsByPort(events)) {
    const died = find(group, 'owner-died')?.owner ?? null;
    const changed = find(group, 'owner-changed');
    const released = find(group, 'released');
    const verdicts = find(group, 'verdict-changed');
    const wanted = ctx.enabled && ctx.isWatched(port);

    if (died || changed || released || find(group, 'appeared')) announced.delete(port);
    const departing = died ?? changed?.from ?? released?.previous ?? null;
    if (wanted && !ctx.isExpected(port, departing)) {
      const owner = ownerNotification(port, died, changed?.from ?? null, changed?.to ?? null, released !== undefined);
      if (owner) {
        notify.push(owner);
        continue;
      }
    }
    if (!verdicts) continue;
    const bad = verdicts.to.filter((v) => isProblem(v.severity));
    const before = announced.get(port) ?? [];
    const fresh = bad.filter((v) => !before.includes(v.kind));
    // Remember only what is bad now, so a verdict that clears and comes back is announced again.
    announced.set(
      port,
      bad.map((v) => v.kind),
    );
    if (fresh.length && wanted && !ctx.isExpected(port, null)) notify.push(verdictNotification(port, fresh));
  }
  return { state: { announced }, notify };
}

/** Every finished action is reported: the user asked for it and waits for the verdict. */
export function actionNotification(outcome: ActionOutcome): NotificationSpec {
  const verb = { kill: 'Kill', restart: 'Restart', start: 'Start' }[outcome.action];
  return {
    port: outcome.port,
    title: outcome.verified ? `${verb} on port ${outcome.port} verified` : `${verb} on port ${outcome.port} failed`,
    body: outcome.verified ? outcome.summary : (outcome.reason ?? outcome.summary),
  };
}

function ownerNotification(
  port: number,
  died: OwnerRef | null,
  from: OwnerRef | null,
  to: OwnerRef | null,
  released: boolean,
): NotificationSpec | null {
  if (died && to) {
    return { port, title: `Port ${port}: owner replaced`, body: `${who(died)} died and ${who(to)} took the port, not Portwarden.` };
  }
  if (died) {
    return { port, title: `Port ${port}: ${died.name} died`, body: `${who(died)} is gone${released ? `; port ${port} is free` : ''}.` };
  }
  if (from && to) {
    return {
      port,
      title: `Port ${port} has a new owner`,
      body: `${who(to)} listens where ${who(from)} did, and Portwarden did not start it.`,
    };
  }
  return null;
}

function verdictNotification(port: number, fresh: readonly Verdict[]): NotificationSpec {
  const worst = [...fresh].sort((a, b) => compareSeverity(b.severity, a.severity))[0]!;
  return { port, title: `Port ${port}: ${worst.kind.replace(/-/g, ' ')}`, body: worst.explanation };
}

function who(owner: OwnerRef): string {
  return `${owner.name} (PID ${owner.pid})`;
}

function find<T extends WatchEvent['type']>(group: readonly WatchEvent[], type: T): Extract<WatchEvent, { type: T }> | undefined {
  return group.find((e): e is Extract<WatchEvent, { type: T }> => e.type === type);
}

function eventsByPort(events: readonly WatchEvent[]): Map<number, WatchEvent[]> {
  const out = new Map<number, WatchEvent[]>();
  for (const e of events) {
    const list = out.get(e.port);
    if (list) list.push(e);
    else out.set(e.port, [e]);
  }
  return out;
}
