import { describeForwarder, serverCommand } from '../main/shared';
import type { SelfInfo } from '../main/core/service';
import type { PortStatus, Verdict } from '../main/core/types';
import { h } from './dom';
import { isOthers, kindWords } from './view-model';

// The list is one focusable listbox using aria-activedescendant: rows are re-rendered on every
// snapshot without stealing focus, and arrow keys move the selection.

export function rowId(port: number): string {
  return `port-${port}`;
}

export function renderPortList(
  list: HTMLElement,
  rows: readonly PortStatus[],
  selected: number | null,
  self: SelfInfo,
  busy: ReadonlySet<number>,
): void {
  list.replaceChildren(...rows.map((p) => portRow(p, p.port === selected, self, busy.has(p.port))));
  if (selected !== null && rows.some((p) => p.port === selected)) list.setAttribute('aria-activedescendant', rowId(selected));
  else list.removeAttribute('aria-activedescendant');
}

function portRow(p: PortStatus, selected: boolean, self: SelfInfo, busy: boolean): HTMLElement {
  const owner = p.listener?.owner;
  const who = owner
    ? [
        h('span', { class: 'name', title: owner.name }, serverCommand(p) ?? owner.name),
        h('span', { class: 'pid' }, `PID ${owner.pid}`),
        isOthers(p, self) ? h('span', { class: 'user other' }, owner.user ?? `uid ${owner.uid}`) : null,
        // Dev servers are mostly "node": the project is what tells two of them apart.
        p.project
          ? h('span', { class: 'folder project', title: p.project.root }, p.project.name)
          : owner.cwd
            ? h('span', { class: 'folder', title: owner.cwd }, folderName(owner.cwd))
            : null,
      ]
    : [h('span', { class: 'name muted' }, p.listener ? 'owner hidden' : 'free')];
  return h(
    'li',
    {
      id: rowId(p.port),
      role: 'option',
      'aria-selected': selected ? 'true' : 'false',
      class: `row sev-${p.severity}${selected ? ' selected' : ''}`,
      'data-port': p.port,
    },
    h('span', { class: 'port' }, p.port),
    h('span', { class: 'who' }, ...who),
    h(
      'span',
      { class: 'badges' },
      busy ? h('span', { class: 'badge busy' }, 'working…') : null,
      // Docker's and WSL's forwarders look healthy; the label says whose port it really is.
      owner?.forwarder
        ? h('span', { class: 'badge forwarder', title: describeForwarder(owner.forwarder) }, kindWords(owner.forwarder))
        : null,
      ...p.verdicts.map(badge),
    ),
  );
}

function folderName(cwd: string): string {
  return cwd.replace(/\/+$/, '').split('/').pop() || cwd;
}

export function badge(v: Verdict): HTMLElement {
  return h('span', { class: `badge sev-${v.severity}`, title: v.explanation }, kindWords(v.kind));
}
