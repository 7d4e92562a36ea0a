import type { ActionKind, ActionOutcome, Failure, PortDetails, Result, SelfInfo, TimelineStep } from '../main/core/service';
import type { Snapshot } from '../main/core/types';
import type { InspectorView } from '../preload/contract';
import { confirmAction } from './confirm';
import { renderDetails } from './details';
import { byId, h } from './dom';
import { mountLoginToggle } from './login-toggle';
import { renderPortList, rowId } from './port-list';
import { mountSettingsForm } from './settings-form';
import { isOthers, nextIndex, type Scope, visiblePorts, watchSummary } from './view-model';

// The inspector: one state object, re-rendered from data on every change. It talks to the main
// process only through window.portwarden (domain verbs from the preload).

const api = window.portwarden;

const state = {
  snapshot: null as Snapshot | null,
  self: { uid: null, user: null } as SelfInfo,
  scope: 'watched' as Scope,
  text: '',
  selected: null as number | null,
  details: null as PortDetails | null,
  live: new Map<number, { action: ActionKind; steps: TimelineStep[] }>(),
  outcomes: new Map<number, ActionOutcome>(),
  errors: new Map<number, Failure>(),
  /** Actions whose outcome is in: a step that arrives late must not reopen them. */
  done: new Set<string>(),
  /** Signature of the selected port's status, to re-inspect only when it changed. */
  inspected: '',
};

let loginToggle: ReturnType<typeof mountLoginToggle> | null = null;

const list = byId('port-list');
const detailsPane = byId('details');
const filterText = byId<HTMLInputElement>('filter-text');

function rows() {
  return state.snapshot ? visiblePorts(state.snapshot, { scope: state.scope, text: state.text }, state.self) : { rows: [], hiddenFree: 0 };
}

function renderList(): void {
  const { rows: visible, hiddenFree } = rows();
  renderPortList(list, visible, state.selected, state.self, new Set(state.live.keys()));
  const note = byId('list-note');
  const parts: string[] = [];
  if (state.snapshot && visible.length === 0)
    parts.push(state.scope === 'all' && !state.text ? 'Nothing is listening.' : 'No port matches.');
  if (hiddenFree > 0) parts.push(`${hiddenFree} watched ${hiddenFree === 1 ? 'port is' : 'ports are'} free; type a number to find one.`);
  note.textContent = parts.join(' ');
  const watch = byId('watch-state');
  const summary = state.snapshot ? watchSummary(state.snapshot) : 'Loading…';
  // The clock of the last look goes in the tooltip: in the toolbar it pushed the counts out of sight.
  const title = state.snapshot ? `${summary} · last look ${new Date(state.snapshot.at).toLocaleTimeString()}` : summary;
  watch.replaceChildren(
    h('span', { class: 'text', title }, summary),
    h(
      'button',
      { type: 'button', id: 'pause', onclick: () => void api.setPaused({ paused: !state.snapshot?.paused }) },
      state.snapshot?.paused ? 'Resume' : 'Pause',
    ),
  );
  watch.classList.toggle('paused', state.snapshot?.paused === true);
}

function renderDetailsPane(): void {
  const d = state.details;
  if (!d || d.status.port !== state.selected) {
    detailsPane.replaceChildren(h('p', { class: 'empty' }, 'Select a port to see who owns it and why Portwarden thinks what it thinks.'));
    return;
  }
  // Keep keyboard focus on the same control across a re-render.
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  const port = d.status.port;
  detailsPane.replaceChildren(
    ...renderDetails(
      {
        details: d,
        self: state.self,
        now: Date.now(),
        busy: state.live.has(port),
        live: state.live.get(port) ?? null,
        outcome: state.outcomes.get(port) ?? null,
        error: state.errors.get(port) ?? null,
      },
      {
        open: (p) => void api.openExternal({ url: `http://localhost:${p}/` }),
        kill: (x) => void act('kill', x),
        restart: (x) => void act('restart', x),
        start: (x) => void act('start', x),
      },
    ),
  );
  if (focusKey) detailsPane.querySelector<HTMLElement>(`[data-focus="${focusKey}"]`)?.focus();
}

async function inspect(port: number): Promise<void> {
  const result = await api.inspect({ port });
  if (state.selected !== port) return;
  if (result.ok) {
    state.details = result.value;
    state.inspected = JSON.stringify(result.value.status);
  } else {
    state.details = null;
    state.errors.set(port, result);
  }
  renderDetailsPane();
}

function select(port: number | null, focusDetails = false): void {
  const changed = state.selected !== port;
  state.selected = port;
  renderList();
  if (port === null) return;
  document.getElementById(rowId(port))?.scrollIntoView({ block: 'nearest' });
  if (changed) {
    state.details = null;
    renderDetailsPane();
    void inspect(port).then(() => focusDetails && focusFirstAction());
  } else if (focusDetails) focusFirstAction();
}

function focusFirstAction(): void {
  (detailsPane.querySelector<HTMLElement>('button:not([disabled])') ?? detailsPane).focus();
}

async function act(action: ActionKind, d: PortDetails): Promise<void> {
  const port = d.status.port;
  const owner = d.status.listener?.owner ?? null;
  let confirmed = false;
  if (action !== 'start' && owner && isOthers(d.status, state.self)) {
    const verb = action === 'kill' ? 'Kill' : 'Kill & Restart';
    confirmed = await confirmAction(
      `${verb} ${owner.name} (PID ${owner.pid})?`,
      `This process belongs to ${owner.user ?? `uid ${owner.uid}`}, not to you (${state.self.user ?? 'this user'}). Acting on it may need elevated rights.`,
      verb,
    );
    if (!confirmed) return;
  }
  state.errors.delete(port);
  state.outcomes.delete(port);
  state.live.set(port, { action, steps: [] });
  renderList();
  renderDetailsPane();
  let result: Result<ActionOutcome>;
  if (action === 'start') result = await api.start({ port });
  else if (owner) {
    const request = { port, identity: { pid: owner.pid, startTime: owner.startTime }, confirmed };
    result = action === 'kill' ? await api.kill(request) : await api.restart(request);
  } else return;
  state.live.delete(port);
  if (result.ok) finish(result.value);
  else state.errors.set(port, result);
  renderList();
  if (state.selected === port) await inspect(port);
}

function finish(outcome: ActionOutcome): void {
  state.done.add(outcome.actionId);
  state.outcomes.set(outcome.port, outcome);
}

function setScope(scope: Scope): void {
  state.scope = scope;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-scope]'))
    b.setAttribute('aria-pressed', String(b.dataset.scope === scope));
  renderList();
}

function showView(view: InspectorView): void {
  const settings = view.view === 'settings';
  byId('view-ports').hidden = settings;
  byId('view-settings').hidden = !settings;
  byId('tab-ports').setAttribute('aria-selected', String(!settings));
  byId('tab-settings').setAttribute('aria-selected', String(settings));
  byId('tab-ports').tabIndex = settings ? -1 : 0;
  byId('tab-settings').tabIndex = settings ? 0 : -1;
  for (const el of document.querySelectorAll<HTMLElement>('.scopes, #filter-text')) el.hidden = settings;
  // The tray may have switched launch at login since the tab was last shown: ask the OS again.
  if (settings) void loginToggle?.refresh();
  if (view.view === 'ports' && view.port !== null) {
    if (!rows().rows.some((p) => p.port === view.port)) setScope('all');
    select(view.port, true);
  } else if (!settings) list.focus();
}

function onSnapshot(snapshot: Snapshot): void {
  state.snapshot = snapshot;
  renderList();
  const port = state.selected;
  if (port === null) return;
  const status = snapshot.ports.find((p) => p.port === port);
  if (status && JSON.stringify(status) !== state.inspected && !state.live.has(port)) void inspect(port);
}

function wire(): void {
  list.addEventListener('keydown', (e) => {
    const visible = rows().rows;
    const at = visible.findIndex((p) => p.port === state.selected);
    if (e.key === 'Enter' && at >= 0) {
      e.preventDefault();
      select(visible[at]!.port, true);
      return;
    }
    const next = nextIndex(e.key, at, visible.length);
    if (next === null) return;
    e.preventDefault();
    select(visible[next]!.port);
  });
  list.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-port]');
    if (row) select(Number(row.dataset.port));
    list.focus();
  });
  list.addEventListener('dblclick', () => focusFirstAction());
  list.addEventListener('focus', () => {
    const visible = rows().rows;
    if (state.selected === null && visible[0]) select(visible[0].port);
  });
  detailsPane.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') list.focus();
  });
  filterText.addEventListener('input', () => {
    state.text = filterText.value;
    renderList();
  });
  filterText.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      list.focus();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement !== filterText && !(document.activeElement instanceof HTMLInputElement)) {
      e.preventDefault();
      filterText.focus();
    }
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-scope]'))
    b.addEventListener('click', () => setScope(b.dataset.scope as Scope));
  byId('tab-ports').addEventListener('click', () => showView({ view: 'ports', port: null }));
  byId('tab-settings').addEventListener('click', () => showView({ view: 'settings' }));
  byId('view-settings')
    .parentElement!.querySelector('.tabs')
    ?.addEventListener('keydown', (e) => {
      const key = (e as KeyboardEvent).key;
      if (key !== 'ArrowLeft' && key !== 'ArrowRight') return;
      const toSettings = byId('view-settings').hidden;
      showView(toSettings ? { view: 'settings' } : { view: 'ports', port: null });
      byId(toSettings ? 'tab-settings' : 'tab-ports').focus();
    });

  api.onSnapshot(onSnapshot);
  api.onShow(showView);
  api.onActionStep((e) => {
    if (state.done.has(e.actionId)) return;
    const live = state.live.get(e.port) ?? { action: e.action, steps: [] };
    live.steps.push(e.step);
    state.live.set(e.port, live);
    if (state.selected === e.port) renderDetailsPane();
  });
  api.onActionDone((outcome) => {
    // Outcomes of tray actions arrive here too; the inspector's own arrive as the call's result.
    state.live.delete(outcome.port);
    finish(outcome);
    renderList();
    if (state.selected === outcome.port) void inspect(outcome.port);
  });
}

async function main(): Promise<void> {
  wire();
  loginToggle = mountLoginToggle(byId('login-root'), api);
  mountSettingsForm(byId('settings-root'), api);
  const result = await api.listPorts();
  if (!result.ok) {
    byId('list-note').textContent = `${result.message} ${result.hint}`;
    return;
  }
  state.self = result.value.self;
  onSnapshot(result.value.snapshot);
  // The first visible port is selected without stealing focus from wherever the user is.
  const first = rows().rows[0];
  if (first && state.selected === null) select(first.port);
}

void main();
