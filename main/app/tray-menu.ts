import { formatDuration, isProblem, launchLine, serverCommand, worstOf } from '../shared';
import type { RecipeView } from '../core/service';
import type { ForwarderKind, Identity, PortStatus, ProcessInfo, Severity, Snapshot, Verdict } from '../core/types';

// The tray menu as data. buildTrayMenu is pure: the glue (tray-controller.ts) compares its output
// with the last one and calls setContextMenu only when what the user would see changed, because
// on Linux (StatusNotifierItem) a menu is only updated by setting it again, and re-setting it on
// every poll makes an open menu flicker or close.

export type TrayAction =
  | { id: 'open-browser'; port: number }
  | { id: 'copy-pid'; pid: number }
  | { id: 'kill'; port: number; identity: Identity }
  | { id: 'restart'; port: number; identity: Identity }
  | { id: 'start'; port: number }
  | { id: 'inspect'; port: number }
  | { id: 'open-inspector' }
  | { id: 'toggle-pause' }
  | { id: 'settings' }
  | { id: 'toggle-login' }
  | { id: 'quit' };

export interface TrayItem {
  type: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

export type TrayIconState = 'ok' | 'warning' | 'trouble';

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  items: TrayItem[];
}

export interface TrayState {
  paused: boolean;
  /** null while unknown (first read pending) or where launch at login is unsupported. */
  loginItem: { supported: boolean; enabled: boolean } | null;
  recipes: ReadonlyMap<number, RecipeView>;
  busy: ReadonlySet<number>;
}

const MARK: Record<Severity, string> = { ok: '', info: 'ℹ', warning: '⚠', trouble: '✖' };
/** More free watched ports than this go into one submenu, so the menu stays one screen tall. */
const MAX_FREE_INLINE = 4;
/** Menus do not wrap (on Linux an item is as wide as its longest label): names and labels are cut. */
const MAX_NAME = 32;
const MAX_LABEL = 100;
/** Why the tray offers no kill for a forwarder: the core refuses it, and the fix is elsewhere. */
const FORWARDER_KILL: Record<ForwarderKind, string> = {
  'docker-proxy': 'a Docker forwarder, stop the container',
  'docker-desktop': 'a Docker forwarder, stop the container',
  rootlesskit: 'a container forwarder, stop the container',
  'wsl-relay': 'a WSL relay, stop the server inside WSL',
};

export function buildTrayMenu(snapshot: Snapshot, now: number, state: TrayState): TrayView {
  const watched = snapshot.ports.filter((p) => p.watched);
  const held = watched.filter((p) => p.listener);
  const items: TrayItem[] = [];

  if (watched.length === 0) items.push({ type: 'normal', label: 'No watched ports: add some in Settings', enabled: false });
  for (const status of held) items.push(heldPortItem(status, now, state));

  const freeWithRecipe = watched.filter((p) => !p.listener && state.recipes.has(p.port));
  for (const status of freeWithRecipe) items.push(freePortItem(status.port, state));
  const plainFree = watched.filter((p) => !p.listener && !state.recipes.has(p.port)).map((p) => p.port);
  items.push(...freeRangeItems(plainFree));

  items.push({ type: 'separator' });
  items.push({ type: 'normal', label: 'Open Inspector…', action: { id: 'open-inspector' } });
  items.push({
    type: 'checkbox',
    label: 'Pause Watching',
    checked: state.paused,
    action: { id: 'toggle-pause' },
  });
  items.push({ type: 'normal', label: 'Settings…', action: { id: 'settings' } });
  items.push({
    type: 'checkbox',
    label: 'Launch at Login',
    checked: state.loginItem?.enabled ?? false,
    enabled: state.loginItem?.supported ?? false,
    action: { id: 'toggle-login' },
  });
  items.push({ type: 'separator' });
  items.push({ type: 'normal', label: 'Quit Portwarden', action: { id: 'quit' } });

  return { icon: worstIcon(held), tooltip: tooltip(held, state.paused), items };
}

/**
 * `3000 · shop · next dev · ⚠ stale build` where the project and launch tree are known (the PID and
 * uptime are in the owner line of the submenu), else `3000 · next-server · PID 4242 · up 2h · …`.
 */
export function portLabel(status: PortStatus, now: number, busy: boolean): string {
  const parts = [String(status.port)];
  const owner = status.listener?.owner;
  const command = serverCommand(status);
  if (owner && command && !owner.forwarder) {
    if (status.project) parts.push(clip(oneLine(status.project.name), MAX_NAME));
    parts.push(clip(oneLine(command), MAX_NAME));
  } else if (owner) {
    parts.push(clip(oneLine(owner.name), MAX_NAME), `PID ${owner.pid}`, `up ${coarseUptime(now - owner.startTime)}`);
    if (owner.forwarder) parts.push(owner.forwarder.replace(/-/g, ' '));
  } else if (status.listener) {
    parts.push(status.listener.ownerUnavailable ? `owner hidden (${shortReason(status.listener.ownerUnavailable)})` : 'owner unknown');
  } else {
    parts.push('free');
  }
  const problems = status.verdicts.filter((v) => isProblem(v.severity));
  if (problems.length) parts.push(problems.map(verdictText).join(', '));
  if (busy) parts.push('working…');
  return clip(parts.join(' · '), MAX_LABEL);
}

/**
 * Uptime at a grain that changes rarely: minutes below an hour, then whole hours, then days. A
 * label with seconds would change on every poll and force a menu rebuild each time.
 */
export function coarseUptime(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return '<1m';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return formatDuration(Math.floor(hours / 24) * 86_400_000);
}

export function recipeLabel(recipe: RecipeView): string {
  return `${clip(oneLine(recipe.command), 48)} (${recipe.source})`;
}

/**
 * One line of text: a process names itself (a title may hold a newline or an escape sequence) and
 * a recipe may be a whole `node -e` script; in a menu a newline starts a second line in one item.
 */
function oneLine(text: string): string {
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function verdictText(v: Verdict): string {
  return `${MARK[v.severity]} ${v.kind.replace(/-/g, ' ')}`.trim();
}

function heldPortItem(status: PortStatus, now: number, state: TrayState): TrayItem {
  const owner = status.listener?.owner ?? null;
  const busy = state.busy.has(status.port);
  const submenu: TrayItem[] = [openItem(status.port)];
  // The owner line: the launch tree as the inspector and `who` show it, with the uptime the label left out.
  if (owner && status.launch?.length) {
    submenu.unshift({
      type: 'normal',
      label: clip(oneLine(`${launchLine(status.launch)} · up ${coarseUptime(now - owner.startTime)}`), MAX_LABEL),
      enabled: false,
    });
  }
  if (owner) {
    submenu.push({ type: 'normal', label: `Copy PID ${owner.pid}`, action: { id: 'copy-pid', pid: owner.pid } });
    submenu.push({ type: 'separator' });
    submenu.push(...killItems(status.port, owner, busy, state.recipes.get(status.port)));
  }
  submenu.push({ type: 'separator' });
  submenu.push(inspectItem(status.port));
  return { type: 'submenu', label: portLabel(status, now, busy), submenu };
}

function killItems(port: number, owner: ProcessInfo, busy: boolean, recipe: RecipeView | undefined): TrayItem[] {
  if (owner.forwarder) return [{ type: 'normal', label: `Kill: ${FORWARDER_KILL[owner.forwarder]}`, enabled: false }];
  const identity = { pid: owner.pid, startTime: owner.startTime };
  return [
    { type: 'normal', label: 'Kill', enabled: !busy, action: { id: 'kill', port, identity } },
    recipe
      ? { type: 'normal', label: `Kill & Restart: ${recipeLabel(recipe)}`, enabled: !busy, action: { id: 'restart', port, identity } }
      : { type: 'normal', label: 'Kill & Restart (no recipe known)', enabled: false },
  ];
}

function freePortItem(port: number, state: TrayState): TrayItem {
  const recipe = state.recipes.get(port)!;
  const busy = state.busy.has(port);
  return {
    type: 'submenu',
    label: `${port} · free${busy ? ' · working…' : ''}`,
    submenu: [
      { type: 'normal', label: `Start: ${recipeLabel(recipe)}`, enabled: !busy, action: { id: 'start', port } },
      { type: 'separator' },
      inspectItem(port),
    ],
  };
}

function openItem(port: number): TrayItem {
  return { type: 'normal', label: `Open http://localhost:${port}`, action: { id: 'open-browser', port } };
}

function inspectItem(port: number): TrayItem {
  return { type: 'normal', label: 'Inspect…', action: { id: 'inspect', port } };
}

/** Free ports as ranges ("3001–3010 · free"), so the default watch list stays a few lines. */
function freeRangeItems(ports: number[]): TrayItem[] {
  const ranges: Array<[number, number]> = [];
  for (const port of [...ports].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && port === last[1] + 1) last[1] = port;
    else ranges.push([port, port]);
  }
  const items = ranges.map(
    ([from, to]): TrayItem => ({ type: 'normal', label: `${from === to ? from : `${from}–${to}`} · free`, enabled: false }),
  );
  if (items.length <= MAX_FREE_INLINE) return items;
  return [{ type: 'submenu', label: `${ports.length} free watched ports`, submenu: items }];
}

function worstIcon(statuses: readonly PortStatus[]): TrayIconState {
  const worst = worstOf(statuses.map((s) => s.severity));
  return worst === 'warning' || worst === 'trouble' ? worst : 'ok';
}

/** "Portwarden · 3 ports · 1 orphaned, 1 stale build" */
function tooltip(held: readonly PortStatus[], paused: boolean): string {
  const parts = ['Portwarden', `${held.length} ${held.length === 1 ? 'port' : 'ports'}`];
  const counts = new Map<string, number>();
  for (const status of held) {
    for (const v of status.verdicts) {
      if (isProblem(v.severity)) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
    }
  }
  if (counts.size) parts.push([...counts].map(([kind, n]) => `${n} ${kind.replace(/-/g, ' ')}`).join(', '));
  if (paused) parts.push('paused');
  return parts.join(' · ');
}

function shortReason(reason: string): string {
  const head = reason.split(':')[0]!.trim();
  return head.length > 40 ? `${head.slice(0, 39)}…` : head;
}
