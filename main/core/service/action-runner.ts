import { Emitter } from '../emitter';
import type { Identity, OwnerRef } from '../types';
import { identityKey } from '../identity-key';
import { fail } from './result';
import type { ActionKind, ActionOutcome, ActionStepEvent, Result, TimelineStep } from './types';

// Owners Portwarden acted on, so the notifier does not report our own kill as an unexpected death.
const ACTED_LIMIT = 200;

export type ActionBody = (actionId: string, onStep: (step: TimelineStep) => void) => Promise<Result<ActionOutcome>>;

/**
 * The service's action state: one action per port at a time, the owners it acted on, the last
 * outcome per port, and the events that carry steps and outcomes to the tray and the inspector.
 */
export class ActionRunner {
  readonly steps = new Emitter<ActionStepEvent>();
  readonly finished = new Emitter<ActionOutcome>();
  readonly activity = new Emitter<void>();
  readonly busy = new Set<number>();
  readonly lastOutcome = new Map<number, ActionOutcome>();
  private readonly acted = new Set<string>();
  private seq = 0;

  constructor(
    private readonly log: (message: string) => void,
    /** Runs after every action, to show the new owner now rather than at the next poll. */
    private readonly rescan: () => Promise<void>,
  ) {}

  actedKeys(): string[] {
    return [...this.acted];
  }

  isOwnChange(port: number, departing: Identity | null): boolean {
    return this.busy.has(port) || (departing !== null && this.acted.has(identityKey(departing)));
  }

  async run(action: ActionKind, port: number, old: OwnerRef | null, body: ActionBody): Promise<Result<ActionOutcome>> {
    if (this.busy.has(port)) {
      return fail(
        'BUSY',
        `Portwarden is already acting on port ${port}`,
        'Wait for that action to finish; its timeline is in the inspector.',
      );
    }
    this.busy.add(port);
    if (old) this.remember(old);
    this.activity.fire();
    const actionId = `${action}-${port}-${++this.seq}`;
    try {
      const result = await body(actionId, (step) => this.steps.fire({ actionId, action, port, step }));
      if (result.ok) {
        this.lastOutcome.set(port, result.value);
        this.finished.fire(result.value);
      }
      return result;
    } catch (err) {
      // Callers (the tray, IPC) are promised a Result: an unexpected error (a /proc read the OS
      // refused, a full disk under the log) becomes one, rather than a rejection nobody shows.
      const message = err instanceof Error ? err.message : String(err);
      this.log(`${action} on port ${port} failed: ${message}`);
      return fail(
        'INTERNAL',
        `${action} on port ${port} failed: ${message}`,
        'Look at the port again; if this repeats, the app log has the details.',
      );
    } finally {
      this.busy.delete(port);
      this.activity.fire();
      await this.rescan().catch((err: Error) => this.log(`scan after ${action} failed: ${err.message}`));
    }
  }

  private remember(identity: Identity): void {
    this.acted.add(identityKey(identity));
    if (this.acted.size > ACTED_LIMIT) this.acted.delete(this.acted.values().next().value!);
  }
}
