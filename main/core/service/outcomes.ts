import { processLabel } from '../../shared';
import { commandText, type Recipe } from '../recipes';
import type { KillResult } from '../kill';
import { readLogTail, type RestartResult } from '../restart';
import type { OwnerRef } from '../types';
import { fail, ok } from './result';
import type { ActionOutcome, ErrorCode, RecipeView, Result } from './types';

// Kill and restart results become what the app shows. A refusal before any signal was sent
// (stale identity, another user's process, no recipe) is an error value with a hint; anything
// that ran is an outcome with its timeline, verified or not.

const REFUSALS: Record<string, ErrorCode> = {
  NOT_FOUND: 'NOT_IN_SNAPSHOT',
  STALE_IDENTITY: 'NOT_IN_SNAPSHOT',
  PROTECTED: 'NOT_ALLOWED',
  EPERM: 'EPERM',
  NO_RECIPE: 'NO_RECIPE',
  PORT_BUSY: 'BUSY',
  NOT_VISIBLE: 'UNAVAILABLE',
};

export function recipeView(recipe: Recipe): RecipeView {
  return { command: commandText(recipe.command), cwd: recipe.cwd, source: recipe.source, origin: recipe.origin };
}

export function killOutcome(actionId: string, result: KillResult, old: OwnerRef): Result<ActionOutcome> {
  if (!result.ok && result.killed.length === 0 && REFUSALS[result.code]) return fail(REFUSALS[result.code]!, result.message, result.hint);
  const takenBy = !result.ok && result.release?.state === 'taken' ? result.release.by : null;
  return ok({
    actionId,
    action: 'kill',
    port: result.port ?? 0,
    verified: result.ok,
    summary: result.ok ? result.message : `Kill of ${processLabel(old)} failed`,
    reason: result.ok ? null : result.message,
    hint: result.ok ? null : result.hint,
    old,
    new: takenBy ? { pid: takenBy.pid, startTime: takenBy.startTime, name: takenBy.name } : null,
    recipe: null,
    probeStatus: null,
    timeline: result.steps,
    log: null,
    logTail: [],
  });
}

export function restartOutcome(actionId: string, result: RestartResult, old: OwnerRef | null): Result<ActionOutcome> {
  if (!result.ok && result.phase !== 'spawn' && result.phase !== 'wait-for-owner' && result.phase !== 'probe' && REFUSALS[result.code]) {
    return fail(REFUSALS[result.code]!, result.reason, result.hint);
  }
  const base = {
    actionId,
    action: result.action,
    port: result.port,
    old,
    recipe: result.recipe ? recipeView(result.recipe) : null,
    timeline: result.timeline,
    log: result.log,
  };
  if (result.ok) {
    const change = old ? `PID ${old.pid} → ${result.new.pid}` : `PID ${result.new.pid}`;
    return ok({
      ...base,
      verified: true,
      summary: `port ${result.port}: ${change} (${result.new.name})${result.probe ? `, answers ${result.probe.status}` : ''}`,
      reason: null,
      hint: null,
      new: { pid: result.new.pid, startTime: result.new.startTime, name: result.new.name },
      probeStatus: result.probe?.status ?? null,
      logTail: [],
    });
  }
  return ok({
    ...base,
    verified: false,
    summary: `${result.action === 'start' ? 'Start' : 'Restart'} of port ${result.port} failed`,
    reason: result.reason,
    hint: result.hint,
    new: result.owner ? { pid: result.owner.pid, startTime: result.owner.startTime, name: result.owner.name } : null,
    probeStatus: null,
    logTail: result.logTail,
  });
}

const LOG_TAIL_LINES = 20;

/** A verified start's log is worth a look too (warnings, the URL it printed): its tail is shown. */
export function withLogTail(result: Result<ActionOutcome>): Result<ActionOutcome> {
  if (!result.ok || !result.value.log || result.value.logTail.length) return result;
  return ok({ ...result.value, logTail: readLogTail(result.value.log, LOG_TAIL_LINES) });
}
