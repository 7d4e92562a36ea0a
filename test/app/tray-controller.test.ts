import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/electron-mock'));

import * as electron from 'electron';
import { Menu, nativeImage, resetElectronMock, Tray } from '../helpers/electron-mock';
import { createTrayController } from '../../main/app/tray-controller';
import { buildTrayMenu, type TrayState } from '../../main/app/tray-menu';
import { held, NOW, proc, snapshot, verdict } from './snapshot-fixtures';

const ICONS = '/app/build/tray';
const state: TrayState = { paused: false, loginItem: { supported: true, enabled: false }, recipes: new Map(), busy: new Set() };

function setup(platform: NodeJS.Platform = 'linux') {
  const dispatch = vi.fn();
  const onClick = vi.fn();
  const log = vi.fn();
  const controller = createTrayController({
    Tray: electron.Tray as never,
    Menu: electron.Menu as never,
    nativeImage: electron.nativeImage as never,
    platform,
    iconDir: ICONS,
    dispatch,
    onClick,
    log,
  });
  return { controller, tray: Tray.instances[0]!, dispatch, onClick, log };
}

describe('tray controller', () => {
  beforeEach(() => {
    resetElectronMock();
    for (const s of ['ok', 'warning', 'trouble']) {
      nativeImage.existing.add(join(ICONS, `${s}.png`));
      nativeImage.existing.add(join(ICONS, `${s}Template.png`));
    }
  });

  it('sets the menu again only when what it shows changed, not on every poll', () => {
    const { controller, tray } = setup();
    const snap = snapshot([held(3000, proc({ startTime: NOW - 5 * 60_000 }))]);
    controller.update(buildTrayMenu(snap, NOW, state));
    controller.update(buildTrayMenu({ ...snap, at: NOW + 1000 }, NOW + 1000, state));
    controller.update(buildTrayMenu({ ...snap, at: NOW + 2000 }, NOW + 2000, state));
    expect(tray.calls).toEqual({ setImage: 1, setToolTip: 1, setContextMenu: 1 });

    const stale = snapshot([held(3000, proc({ startTime: NOW - 5 * 60_000 }), [verdict('stale-build', 'warning')])]);
    controller.update(buildTrayMenu(stale, NOW + 3000, state));
    expect(tray.calls).toEqual({ setImage: 2, setToolTip: 2, setContextMenu: 2 });
    expect(tray.image.path).toBe(join(ICONS, 'warning.png'));
    expect(tray.tooltip).toBe('Portwarden · 1 port · 1 stale build');
  });

  it('maps menu clicks to their action ids', () => {
    const { controller, tray, dispatch } = setup();
    controller.update(buildTrayMenu(snapshot([held(3000, proc())]), NOW, state));
    const template = tray.menus.at(-1)!.template as Array<{
      label?: string;
      click?: () => void;
      submenu?: Array<{ label?: string; click?: () => void }>;
    }>;
    template.find((i) => i.label === 'Quit Portwarden')!.click!();
    template.find((i) => i.label?.startsWith('3000'))!.submenu!.find((i) => i.label === 'Copy PID 4242')!.click!();
    expect(dispatch.mock.calls).toEqual([[{ id: 'quit' }], [{ id: 'copy-pid', pid: 4242 }]]);
    expect(Menu).toBeDefined();
  });

  it('uses template images on macOS', () => {
    const { controller, tray } = setup('darwin');
    controller.update(buildTrayMenu(snapshot([held(3000, proc(), [verdict('zombie', 'trouble')])]), NOW, state));
    expect(tray.image.path).toBe(join(ICONS, 'troubleTemplate.png'));
    expect(tray.image.template).toBe(true);
  });

  it('falls back to an empty icon, and says so, when an icon file is missing', () => {
    nativeImage.existing.clear();
    const { tray, log } = setup();
    expect(tray.image.isEmpty()).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(join(ICONS, 'ok.png')));
  });

  it('reports no bounds where the tray gives zeros (Linux), so the inspector is centred', () => {
    const { controller, tray, onClick } = setup();
    expect(controller.bounds()).toBeNull();
    tray.bounds = { x: 1800, y: 0, width: 24, height: 24 };
    expect(controller.bounds()).toEqual(tray.bounds);
    tray.emit('click');
    expect(onClick).toHaveBeenCalledOnce();
  });
});
