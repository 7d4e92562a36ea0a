import { describe, expect, it } from 'vitest';
import type { RecipeView } from '../../main/core/service';
import { buildTrayMenu, coarseUptime, type TrayItem, type TrayState } from '../../main/app/tray-menu';
import { free, held, NOW, nextDevLaunch, proc, SHOP, snapshot, verdict } from './snapshot-fixtures';

const npmStart: RecipeView = {
  command: 'npm run start',
  cwd: '/home/dev/shop',
  source: 'observed',
  origin: 'launched as `npm run start` by PID 4100',
};

function state(over: Partial<TrayState> = {}): TrayState {
  return { paused: false, loginItem: { supported: true, enabled: false }, recipes: new Map(), busy: new Set(), ...over };
}

function byLabel(items: TrayItem[], prefix: string): TrayItem {
  const item = items.find((i) => i.label?.startsWith(prefix));
  if (!item) throw new Error(`no item starting with "${prefix}" in ${items.map((i) => i.label).join(' | ')}`);
  return item;
}

describe('buildTrayMenu', () => {
  it('shows a watched port as "port · name · PID · uptime · verdict" with its actions', () => {
    const snap = snapshot([held(3000, proc(), [verdict('stale-build', 'warning')])]);
    const view = buildTrayMenu(snap, NOW, state({ recipes: new Map([[3000, npmStart]]) }));
    const item = byLabel(view.items, '3000');
    expect(item.label).toBe('3000 · next-server · PID 4242 · up 2h · ⚠ stale build');
    const identity = { pid: 4242, startTime: NOW - 2 * 3_600_000 };
    expect(item.submenu!.filter((i) => i.action).map((i) => [i.label, i.action])).toEqual([
      ['Open http://localhost:3000', { id: 'open-browser', port: 3000 }],
      ['Copy PID 4242', { id: 'copy-pid', pid: 4242 }],
      ['Kill', { id: 'kill', port: 3000, identity }],
      ['Kill & Restart: npm run start (observed)', { id: 'restart', port: 3000, identity }],
      ['Inspect…', { id: 'inspect', port: 3000 }],
    ]);
  });

  it('names the project and the server command where they are known, and the launch tree in the owner line', () => {
    const owner = proc({ name: 'next-server (v16.4.6)', argv: ['next-server (v16.4.6)'] });
    const status = {
      ...held(3000, owner, [verdict('stale-build', 'warning'), verdict('duplicate', 'warning')]),
      project: SHOP,
      launch: nextDevLaunch(owner),
    };
    const item = byLabel(buildTrayMenu(snapshot([status]), NOW, state()).items, '3000');
    expect(item.label).toBe('3000 · shop · next dev · ⚠ stale build, ⚠ duplicate');
    expect(item.submenu![0]).toEqual({
      type: 'normal',
      label: 'next dev worker (4242) ← next dev (31652) ← npm run dev (31611) · up 2h',
      enabled: false,
    });
  });

  it('disables Kill & Restart when no recipe is known, and says why', () => {
    const view = buildTrayMenu(snapshot([held(3000, proc())]), NOW, state());
    const restart = byLabel(byLabel(view.items, '3000').submenu!, 'Kill & Restart');
    expect(restart).toMatchObject({ label: 'Kill & Restart (no recipe known)', enabled: false });
    expect(restart.action).toBeUndefined();
  });

  it('offers Start for a free watched port with a recipe, and lists other free ports as free', () => {
    const configured: RecipeView = { command: 'pnpm dev', cwd: '/w', source: 'settings', origin: 'settings: recipes["5173"]' };
    const view = buildTrayMenu(snapshot([free(5173), free(8000), free(8001)]), NOW, state({ recipes: new Map([[5173, configured]]) }));
    const vite = byLabel(view.items, '5173');
    expect(vite.label).toBe('5173 · free');
    expect(vite.submenu![0]).toMatchObject({ label: 'Start: pnpm dev (settings)', action: { id: 'start', port: 5173 } });
    expect(byLabel(view.items, '8000')).toMatchObject({ label: '8000–8001 · free', enabled: false });
  });

  it('folds many free ranges into one submenu so the menu stays short', () => {
    const ports = [3001, 3002, 4000, 4200, 5000, 6006, 8080].map(free);
    const view = buildTrayMenu(snapshot(ports), NOW, state());
    const folded = byLabel(view.items, '7 free watched ports');
    expect(folded.submenu!.map((i) => i.label)).toEqual([
      '3001–3002 · free',
      '4000 · free',
      '4200 · free',
      '5000 · free',
      '6006 · free',
      '8080 · free',
    ]);
  });

  it('ignores unwatched ports in the menu, the icon and the tooltip', () => {
    const view = buildTrayMenu(
      snapshot([held(631, proc({ name: 'cupsd' }), [verdict('zombie', 'trouble')], false), free(3000)]),
      NOW,
      state(),
    );
    expect(view.items.some((i) => i.label?.startsWith('631'))).toBe(false);
    expect(view.icon).toBe('ok');
    expect(view.tooltip).toBe('Portwarden · 0 ports');
  });

  it('shows the worst severity as the icon and counts verdicts in the tooltip', () => {
    const snap = snapshot([
      held(3000, proc(), [verdict('orphaned', 'warning')]),
      held(3001, proc({ pid: 5000 }), [verdict('healthy', 'ok')]),
      held(8080, proc({ pid: 6000 }), [verdict('zombie', 'trouble'), verdict('orphaned', 'warning')]),
    ]);
    const view = buildTrayMenu(snap, NOW, state());
    expect(view.icon).toBe('trouble');
    expect(view.tooltip).toBe('Portwarden · 3 ports · 2 orphaned, 1 zombie');
    expect(buildTrayMenu(snapshot([held(3000, proc(), [verdict('orphaned', 'warning')])]), NOW, state()).icon).toBe('warning');
    expect(buildTrayMenu(snapshot([held(3000, proc(), [verdict('healthy', 'ok')])]), NOW, state({ paused: true })).tooltip).toBe(
      'Portwarden · 1 port · paused',
    );
  });

  it('names a hidden owner instead of inventing one, and offers no kill', () => {
    const view = buildTrayMenu(snapshot([held(3000, null)]), NOW, state());
    const item = byLabel(view.items, '3000');
    expect(item.label).toBe('3000 · owner hidden (needs elevated rights)');
    expect(item.submenu!.some((i) => i.action?.id === 'kill')).toBe(false);
  });

  it('disables actions on a port while an action runs on it', () => {
    const view = buildTrayMenu(snapshot([held(3000, proc())]), NOW, state({ busy: new Set([3000]), recipes: new Map([[3000, npmStart]]) }));
    const item = byLabel(view.items, '3000');
    expect(item.label).toContain('working…');
    expect(byLabel(item.submenu!, 'Kill').enabled).toBe(false);
  });

  it('ends with the app items, pause and launch at login as checkboxes', () => {
    const view = buildTrayMenu(snapshot([]), NOW, state({ paused: true, loginItem: { supported: true, enabled: true } }));
    const tail = view.items.filter((i) => i.type !== 'separator').map((i) => [i.label, i.type, i.checked, i.action?.id]);
    expect(tail).toEqual([
      ['No watched ports: add some in Settings', 'normal', undefined, undefined],
      ['Open Inspector…', 'normal', undefined, 'open-inspector'],
      ['Pause Watching', 'checkbox', true, 'toggle-pause'],
      ['Settings…', 'normal', undefined, 'settings'],
      ['Launch at Login', 'checkbox', true, 'toggle-login'],
      ['Quit Portwarden', 'normal', undefined, 'quit'],
    ]);
    const unsupported = buildTrayMenu(snapshot([]), NOW, state({ loginItem: { supported: false, enabled: false } }));
    expect(byLabel(unsupported.items, 'Launch at Login').enabled).toBe(false);
  });

  it('builds the same menu on polls a person could not tell apart (coarse uptime)', () => {
    const snap = snapshot([held(3000, proc({ startTime: NOW - 10 * 60_000 }))]);
    const a = buildTrayMenu(snap, NOW, state());
    expect(buildTrayMenu({ ...snap, at: NOW + 1000 }, NOW + 1000, state())).toEqual(a);
    expect(buildTrayMenu({ ...snap, at: NOW + 30_000 }, NOW + 30_000, state())).toEqual(a);
    expect(buildTrayMenu(snap, NOW + 60_000, state())).not.toEqual(a);
  });
});

describe('coarseUptime', () => {
  it.each([
    [0, '<1m'],
    [59_000, '<1m'],
    [60_000, '1m'],
    [59 * 60_000, '59m'],
    [2 * 3_600_000 + 59 * 60_000, '2h'],
    [3 * 86_400_000 + 5 * 3_600_000, '3d'],
    [-5000, '<1m'],
  ])('%i ms → %s', (ms, text) => expect(coarseUptime(ms)).toBe(text));

  it('keeps every label one bounded line: a rewritten title, a control character, a node -e recipe', () => {
    const script: RecipeView = {
      command: 'node -e \'const http = require("http");\nhttp.createServer((q, r) => r.end()).listen(3001)\'',
      cwd: '/w',
      source: 'observed',
      origin: '',
    };
    const snap = snapshot([
      held(3000, proc({ name: 'next-server (v14.2.3) running the shop front end for the whole team, rewritten by process.title' })),
      held(3001, proc({ name: 'evil\nname\tx\u001b[31m' })),
    ]);
    const view = buildTrayMenu(snap, NOW, state({ recipes: new Map([[3001, script]]) }));
    const labels = (items: TrayItem[]): string[] => items.flatMap((i) => [i.label ?? '', ...labels(i.submenu ?? [])]);
    for (const label of labels(view.items)) {
      // Linux menus do not wrap; a newline starts a second line inside one item.
      expect(label).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(label.length).toBeLessThanOrEqual(80);
    }
    expect(byLabel(view.items, '3000').label).toBe('3000 · next-server (v14.2.3) running t… · PID 4242 · up 2h');
    expect(byLabel(view.items, '3001').label).toBe('3001 · evil name x [31m · PID 4242 · up 2h');
    expect(byLabel(byLabel(view.items, '3001').submenu!, 'Kill & Restart').label).toBe(
      'Kill & Restart: node -e \'const http = require("http"); http.cre… (observed)',
    );
  });

  it('labels a Docker or WSL forwarder and offers no kill for it (the core refuses: stop the container)', () => {
    const proxy = proc({ name: 'docker-proxy', forwarder: 'docker-proxy' });
    const view = buildTrayMenu(snapshot([held(8080, proxy)]), NOW, state({ recipes: new Map([[8080, npmStart]]) }));
    const item = byLabel(view.items, '8080');
    expect(item.label).toBe('8080 · docker-proxy · PID 4242 · up 2h · docker proxy');
    const submenu = item.submenu!;
    expect(byLabel(submenu, 'Kill')).toMatchObject({ label: 'Kill: a Docker forwarder, stop the container', enabled: false });
    expect(submenu.some((i) => i.action?.id === 'kill' || i.action?.id === 'restart')).toBe(false);
    expect(byLabel(submenu, 'Copy PID')).toBeTruthy();
  });
});
