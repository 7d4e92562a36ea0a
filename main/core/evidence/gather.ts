import { inRanges } from '../dev-ports';
import { type Settings, toRanges } from '../settings/schema';
import type { Listener, ProcessInfo, ProcessSource } from '../types';
import { gatherAncestry } from './ancestry';
import { processRef } from './process-ref';
import { buildFolders, gatherBuildFreshness } from './build-freshness';
import { gatherDeletedFiles } from './deleted-files';
import { gatherLaunch, projectEvidence } from './launch';
import { type Probe, probeHttp } from './probe';
import type { AncestryMemory, PortEvidence, ProbeResult } from './types';

/**
 * The path to probe on a port, or null when the port is not known to speak HTTP: a recipe's
 * probePath wins (null turns probing off), then `httpPorts`, which defaults to the watched ports.
 */
export function probePathFor(port: number, settings: Settings): string | null {
  const recipe = settings.recipes[String(port)];
  if (recipe?.probePath === null) return null;
  if (recipe?.probePath) return recipe.probePath;
  return inRanges(port, toRanges(settings.httpPorts ?? settings.watchedPorts)) ? settings.probePath : null;
}

/** A rewritten process title (`next-server (v15…)`) leaves one argv string with spaces, or none. */
export function titleRewritten(p: ProcessInfo): boolean {
  // The scanner drops the NUL padding the new title leaves over the old argv's space.
  return p.argv.length === 0 || (p.argv.length === 1 && p.argv[0]!.includes(' '));
}

export function ownerEvidence(p: ProcessInfo): PortEvidence['owner'] {
  return { ...processRef(p), state: p.state, cwd: p.cwd, titleRewritten: titleRewritten(p) };
}

/** A scanner says which OS its processes come from; under `--replay` that is not the OS running us. */
function adapterPlatform(source: ProcessSource): string | undefined {
  const platform = (source as { platform?: unknown }).platform;
  return typeof platform === 'string' ? platform : undefined;
}

export interface GatherOptions {
  source: ProcessSource;
  settings: Settings;
  memory?: AncestryMemory | null;
  probe?: Probe | null;
  probeTimeoutMs?: number;
  /** The OS the processes come from: by default the scanner's, else this one. */
  platform?: string;
  procRoot?: string;
}

/** Everything about one listener's owner, gathered once (the one-shot CLI path). */
export async function gatherEvidence(listener: Listener, options: GatherOptions): Promise<PortEvidence | null> {
  const owner = listener.owner;
  if (!owner) return null;
  const platform = options.platform ?? adapterPlatform(options.source) ?? process.platform;
  const path = options.probe === null ? null : probePathFor(listener.port, options.settings);
  const probing: Promise<ProbeResult | null> = path
    ? (options.probe ?? probeHttp)({
        port: listener.port,
        addresses: listener.addresses,
        path,
        timeoutMs: options.probeTimeoutMs ?? options.settings.probeTimeoutMs,
      })
    : Promise.resolve(null);
  const ancestry = await gatherAncestry(owner, options.source, options.memory ?? null, platform);
  const launch = await gatherLaunch(owner, options.source);
  const project = projectEvidence(owner);
  // Launchers' command lines tell dev/watch mode from a production start.
  const commands = (options.memory?.chain ?? []).map((p) => processRef(p).command);
  if (ancestry.parent) commands.push(ancestry.parent.command);
  commands.push(...launch.commandLines);
  return {
    port: listener.port,
    owner: ownerEvidence(owner),
    ancestry,
    build: gatherBuildFreshness(owner, options.settings.buildDirs, [processRef(owner).command, ...commands], project),
    deletedFiles: platform === 'linux' ? deletedUnder(owner, project, options.procRoot) : null,
    probe: await probing,
    launch,
    project,
  };
}

/** Deleted files held under the cwd, or under the project's folder when the cwd says nothing. */
export function deletedUnder(owner: ProcessInfo, project: PortEvidence['project'], procRoot?: string): PortEvidence['deletedFiles'] {
  const folder = buildFolders(owner.cwd, project ?? null)[0];
  return folder ? gatherDeletedFiles({ pid: owner.pid, cwd: folder }, procRoot) : null;
}

/** Only what tells two copies of one server apart (project, launch tree): for listeners not shown. */
export async function gatherLaunchEvidence(listener: Listener, source: ProcessSource): Promise<PortEvidence | null> {
  const owner = listener.owner;
  if (!owner) return null;
  const launch = await gatherLaunch(owner, source);
  return {
    port: listener.port,
    owner: ownerEvidence(owner),
    ancestry: null,
    build: null,
    deletedFiles: null,
    probe: null,
    launch,
    project: projectEvidence(owner),
  };
}
