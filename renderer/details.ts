import { formatAddresses, formatArgv, formatDuration, projectLabel, serverCommand } from '../main/shared';
import type { ActionKind, ActionOutcome, Failure, OwnerHistoryEntry, PortDetails, SelfInfo, TimelineStep } from '../main/core/service';
import { describeForwarder } from '../main/shared';
import type { OwnerRef, ProcessInfo, Verdict } from '../main/core/types';
import { h } from './dom';
import { badge } from './port-list';
import { isOthers } from './view-model';

export interface DetailsModel {
  details: PortDetails;
  self: SelfInfo;
  now: number;
  busy: boolean;
  /** Steps of the action running on this port right now, as they arrive. */
  live: { action: ActionKind; steps: TimelineStep[] } | null;
  /** The last finished action on this port, if newer than the one the core remembers. */
  outcome: ActionOutcome | null;
  error: Failure | null;
}

export interface DetailsActions {
  open(port: number): void;
  kill(details: PortDetails): void;
  restart(details: PortDetails): void;
  start(details: PortDetails): void;
}

export function renderDetails(model: DetailsModel, actions: DetailsActions): HTMLElement[] {
  const { status } = model.details;
  const owner = status.listener?.owner ?? null;
  // The project and what runs (`shop · next dev`) where known: a rewritten title names neither.
  const named = [projectLabel(status.project), serverCommand(status)].filter(Boolean).join(' · ');
  const title = `Port ${status.port}${owner ? ` · ${named || owner.name}` : status.listener ? '' : ' · free'}`;
  return [
    h('h2', { id: 'details-title' }, title),
    status.listener ? h('p', { class: 'addresses' }, `tcp on ${formatAddresses(status.listener.addresses)}`) : null,
    model.error ? errorBox(model.error) : null,
    actionBar(model, actions),
    verdictSection(status.verdicts),
    owner ? processSection(owner, model) : hiddenOwner(model),
    actionSection(model),
    historySection(model.details.history),
  ].filter((x): x is HTMLElement => x !== null);
}

function errorBox(failure: Failure): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, failure.message), failure.hint ? h('p', {}, failure.hint) : null);
}

function actionBar(model: DetailsModel, actions: DetailsActions): HTMLElement {
  const d = model.details;
  const { status, recipe } = d;
  const owner = status.listener?.owner;
  const disabled = model.busy;
  const others = isOthers(status, model.self);
  // The core refuses to kill a Docker/WSL forwarder; offering the buttons would only earn a refusal.
  const forwarder = owner?.forwarder ? describeForwarder(owner.forwarder) : null;
  const killable = !disabled && !forwarder;
  // A node -e script or a long argv is many lines: a few are shown, all of it on hover (and in the
  // timeline's recipe step once it runs).
  const recipeText = recipe ? `${recipe.command} (${recipe.source}) in ${recipe.cwd}` : '';
  const recipeNote = recipe
    ? h('span', { class: 'recipe', title: recipeText }, h('code', {}, recipe.command), ` (${recipe.source}) in ${recipe.cwd}`)
    : null;
  return h(
    'div',
    { class: 'actions' },
    status.listener
      ? h('button', { type: 'button', 'data-focus': 'open', onclick: () => actions.open(status.port) }, 'Open in browser')
      : null,
    owner
      ? h(
          'button',
          { type: 'button', class: 'danger', 'data-focus': 'kill', disabled: !killable, title: forwarder, onclick: () => actions.kill(d) },
          others ? `Kill (${owner.user ?? 'other user'})…` : 'Kill',
        )
      : null,
    owner
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            'data-focus': 'restart',
            disabled: !killable || !recipe,
            title: forwarder ?? (recipe ? null : 'No recipe known: add one in Settings'),
            onclick: () => actions.restart(d),
          },
          'Kill & Restart',
        )
      : null,
    !status.listener && recipe
      ? h('button', { type: 'button', class: 'primary', 'data-focus': 'start', disabled, onclick: () => actions.start(d) }, 'Start')
      : null,
    forwarder ? h('span', { class: 'forwarder' }, `${forwarder}. Portwarden does not kill it.`) : null,
    recipeNote ?? (owner ? h('span', { class: 'recipe muted' }, 'No restart recipe known for this port.') : null),
  );
}

function verdictSection(verdicts: readonly Verdict[]): HTMLElement | null {
  if (verdicts.length === 0) return null;
  return h(
    'section',
    { class: 'verdicts', 'aria-label': 'Verdicts' },
    h('h3', {}, 'Verdicts'),
    ...verdicts.map((v) =>
      h(
        'div',
        { class: `verdict sev-${v.severity}` },
        h('div', { class: 'verdict-head' }, badge(v), h('span', { class: 'explanation' }, v.explanation)),
        Object.keys(v.evidence).length ? h('details', {}, h('summary', {}, 'Evidence'), evidenceTable(v.evidence)) : null,
      ),
    ),
  );
}

function evidenceTable(evidence: Record<string, unknown>, depth = 0): HTMLElement {
  return h(
    'dl',
    { class: depth ? 'evidence nested' : 'evidence' },
    ...Object.entries(evidence).flatMap(([key, value]) => [h('dt', {}, evidenceLabel(key)), h('dd', {}, evidenceValue(value, depth, key))]),
  );
}

/** Evidence keys are field names ("adoptedBy", "startTime"); a person reads words. */
function evidenceLabel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Evidence is JSON of any shape: nested objects become nested lists, so nobody reads raw JSON. */
function evidenceValue(value: unknown, depth: number, key = ''): Node | string {
  if (value === null || value === undefined) return '—';
  // Times travel as ms since the epoch; a person reads a clock time.
  if (typeof value === 'number' && /(^at|At|Time)$/.test(key) && value > 1e12) return new Date(value).toLocaleString();
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.length ? value.map(String).join(', ') : '(none)';
    return h('ol', { class: 'evidence-list' }, ...value.map((v) => h('li', {}, evidenceValue(v, depth + 1))));
  }
  if (typeof value === 'object') {
    if (depth >= 3) return JSON.stringify(value);
    return evidenceTable(value as Record<string, unknown>, depth + 1);
  }
  return String(value);
}

function processSection(owner: ProcessInfo, model: DetailsModel): HTMLElement {
  const { status } = model.details;
  const others = (status.listener?.holders ?? []).filter((p) => p.pid !== owner.pid);
  const rows: Array<[string, Node | string]> = [
    ['PID', `${owner.pid}${owner.forwarder ? ` (${owner.forwarder})` : ''}`],
    ['User', owner.user ?? (owner.uid !== null ? `uid ${owner.uid}` : 'unknown')],
    ['State', owner.state],
    ['Started', `${new Date(owner.startTime).toLocaleString()} · up ${formatDuration(model.now - owner.startTime)}`],
    ['Command', h('code', {}, owner.argv.length ? formatArgv(owner.argv) : owner.name)],
    ['Folder', owner.cwd ? h('code', {}, owner.cwd) : 'not visible'],
    [
      'Project',
      status.project
        ? h(
            'span',
            { class: 'project' },
            status.project.name,
            ' ',
            h('code', {}, status.project.root),
            status.project.source === 'argv' ? ' (from its command line)' : '',
          )
        : 'none found',
    ],
    ['Parents', parentList(model)],
  ];
  if (others.length) rows.push(['Also held by', others.map(procLabel).join(', ')]);
  return h(
    'section',
    { class: 'process', 'aria-label': 'Owner' },
    h('h3', {}, 'Owner'),
    h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
  );
}

/** The launch tree's labels (`next dev (31652)`, `npm run dev (31611)`) where known, else the processes' names. */
function parentList(model: DetailsModel): HTMLElement | string {
  const { status, parents } = model.details;
  const launch = status.launch ?? [];
  if (launch.length > 1) {
    const users = new Map(parents.map((p) => [p.pid, p.user]));
    return h(
      'ol',
      { class: 'chain' },
      ...launch
        .slice(1)
        .map((n) => h('li', { title: n.kind.replace(/-/g, ' ') }, `${n.label}${users.get(n.pid) ? ` · ${users.get(n.pid)}` : ''}`)),
    );
  }
  return parents.length ? h('ol', { class: 'chain' }, ...parents.map((p) => h('li', {}, procLabel(p)))) : 'none visible';
}

function hiddenOwner(model: DetailsModel): HTMLElement | null {
  const l = model.details.status.listener;
  if (!l) return null;
  return h(
    'section',
    { class: 'process' },
    h('h3', {}, 'Owner'),
    h('p', {}, l.ownerUnavailable ?? 'The owner is not visible.'),
    l.socketUid !== null ? h('p', { class: 'muted' }, `Socket uid: ${l.socketUid}`) : null,
  );
}

function actionSection(model: DetailsModel): HTMLElement | null {
  const outcome = model.outcome ?? model.details.lastOutcome;
  const live = model.live;
  if (!live && !outcome) return null;
  const steps = live ? live.steps : outcome!.timeline;
  const action = live ? live.action : outcome!.action;
  const verb = { kill: 'Kill', restart: 'Restart', start: 'Start' }[action];
  const head = live
    ? h('p', { class: 'outcome running', role: 'status' }, `${verb} in progress…`)
    : h(
        'p',
        { class: `outcome ${outcome!.verified ? 'verified' : 'failed'}`, role: 'status' },
        outcome!.verified ? `✓ ${verb} verified: ${outcome!.summary}` : `✖ ${verb} failed: ${outcome!.reason ?? outcome!.summary}`,
      );
  const t0 = steps[0]?.at ?? 0;
  return h(
    'section',
    { class: 'action', 'aria-label': 'Last action' },
    h('h3', {}, 'Last action'),
    head,
    !live && outcome && !outcome.verified && outcome.hint ? h('p', { class: 'hint' }, outcome.hint) : null,
    h(
      'ol',
      { class: 'timeline', 'aria-label': 'Timeline' },
      ...steps.map((s) =>
        h(
          'li',
          {},
          h('span', { class: 'at' }, `+${((s.at - t0) / 1000).toFixed(2)}s`),
          h('span', { class: 'step' }, s.step),
          s.detail ? h('span', { class: 'detail' }, s.detail) : null,
        ),
      ),
    ),
    !live && outcome && outcome.logTail.length
      ? h(
          'details',
          { class: 'log', open: !outcome.verified },
          h('summary', {}, `Log${outcome.log ? `: ${outcome.log}` : ''}`),
          h('pre', {}, outcome.logTail.join('\n')),
        )
      : null,
  );
}

function historySection(history: readonly OwnerHistoryEntry[]): HTMLElement | null {
  if (history.length === 0) return null;
  return h(
    'section',
    { class: 'history', 'aria-label': 'Owner history' },
    h('h3', {}, 'Owner history'),
    h(
      'ol',
      { class: 'changes' },
      ...[...history]
        .reverse()
        .map((c) => h('li', {}, h('span', { class: 'at' }, new Date(c.at).toLocaleTimeString()), h('span', {}, describeChange(c)))),
    ),
  );
}

function describeChange(c: OwnerHistoryEntry): string {
  switch (c.type) {
    case 'appeared':
      return c.owner ? `${ref(c.owner)} started listening` : 'something started listening';
    case 'owner-changed':
      return `${ref(c.previous)} → ${ref(c.owner)}`;
    case 'owner-died':
      return `${ref(c.previous)} died`;
    case 'released':
      return `released${c.previous ? ` by ${ref(c.previous)}` : ''}`;
  }
}

function ref(o: OwnerRef | null): string {
  return o ? `${o.name} (PID ${o.pid})` : 'nobody';
}

function procLabel(p: ProcessInfo): string {
  return `${p.name} (PID ${p.pid}${p.user ? `, ${p.user}` : ''})`;
}
