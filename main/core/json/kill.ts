import type { KillResult } from '../kill';
import { identityToJson, ownerToJson, timelineToJson } from './identity';

/** The `--json` shape of `portwarden kill`; a public contract like the others. */
export function killResultToJson(r: KillResult): Record<string, unknown> {
  const common = {
    ok: r.ok,
    target: identityToJson(r.target),
    port: r.port,
    killed: r.killed.map((k) => ({ ...identityToJson(k), name: k.name, signal: k.signal })),
    timeline: timelineToJson(r.steps),
  };
  if (r.ok) return { ...common, message: r.message, ...(r.supervisor ? { supervisor: r.supervisor } : {}) };
  const release = r.release;
  return {
    ...common,
    code: r.code,
    message: r.message,
    hint: r.hint,
    release: !release
      ? null
      : release.state === 'released'
        ? { state: 'released' }
        : release.state === 'held'
          ? { state: 'held', by: ownerToJson(release.by), outsideTree: release.outsideTree === true }
          : {
              state: 'taken',
              by: release.by ? ownerToJson(release.by) : null,
              parent: release.parent ? ownerToJson(release.parent) : null,
              socketUid: release.socketUid,
            },
  };
}
