import { recipeToJson } from '../recipes';
import type { RestartResult } from '../restart';
import { identityToJson, ownerToJson, timelineToJson } from './identity';

// The `--json` shape of restart/start is a public contract (scripts parse it): add, never rename.

export function restartResultToJson(r: RestartResult): Record<string, unknown> {
  const common = {
    port: r.port,
    old: r.old ? identityToJson(r.old) : null,
  };
  if (r.ok) {
    return {
      ok: true,
      ...common,
      new: identityToJson(r.new),
      recipe: recipeToJson(r.recipe),
      probe: r.probe,
      timeline: timelineToJson(r.timeline),
      log: r.log,
    };
  }
  return {
    ok: false,
    ...common,
    code: r.code,
    reason: r.reason,
    // The outcome vocabulary kill and start share; `reason` stays for the scripts that read it.
    message: r.reason,
    hint: r.hint,
    owner: r.owner ? ownerToJson(r.owner) : null,
    spawned: r.spawned ? identityToJson(r.spawned) : null,
    leftRunning: r.leftRunning,
    next: r.next ? recipeToJson(r.next) : null,
    manager: r.manager ?? null,
    recipe: r.recipe ? recipeToJson(r.recipe) : null,
    timeline: timelineToJson(r.timeline),
    log: r.log,
    logTail: r.logTail,
  };
}
