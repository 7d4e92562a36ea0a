import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/electron-mock'));

import * as electron from 'electron';
import { BrowserWindow, resetElectronMock, screen } from '../helpers/electron-mock';
import { createInspector } from '../../main/app/inspector-window';
import { INSPECTOR_SIZE } from '../../main/app/window-options';

function setup(trayBounds: { x: number; y: number; width: number; height: number } | null = null) {
  const showView = vi.fn();
  const inspector = createInspector({
    BrowserWindow: electron.BrowserWindow as never,
    screen: electron.screen as never,
    trayBounds: () => trayBounds,
    indexHtml: '/app/dist/renderer/index.html',
    preloadPath: '/app/dist/preload.js',
    platform: 'linux',
    dark: () => false,
    packaged: true,
    showView,
    log: vi.fn(),
  });
  return { inspector, showView };
}

function closeEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

describe('inspector window', () => {
  beforeEach(() => resetElectronMock());

  it('is created on first use with the secure options, centred when the tray gives no bounds', () => {
    const { inspector } = setup();
    expect(BrowserWindow.instances).toHaveLength(0);
    inspector.show();
    const win = BrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: '/app/dist/preload.js',
    });
    expect(win.loaded).toBe('/app/dist/renderer/index.html');
    expect(win.position).toEqual([(1920 - INSPECTOR_SIZE.width) / 2, (1080 - INSPECTOR_SIZE.height) / 2]);
    expect(win.visible).toBe(true);
    inspector.show();
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('opens next to the tray icon when it has bounds', () => {
    screen.workArea = { x: 0, y: 28, width: 1920, height: 1052 };
    const { inspector } = setup({ x: 1800, y: 0, width: 24, height: 28 });
    inspector.show();
    expect(BrowserWindow.instances[0]!.position).toEqual([1920 - INSPECTOR_SIZE.width, 34]);
  });

  it('hides on blur (not while DevTools have focus) and hides instead of closing', () => {
    const { inspector } = setup();
    inspector.show();
    const win = BrowserWindow.instances[0]!;
    win.webContents.devToolsOpened = true;
    win.emit('blur');
    expect(win.visible).toBe(true);
    win.webContents.devToolsOpened = false;
    win.emit('blur');
    expect(win.visible).toBe(false);

    inspector.show();
    const close = closeEvent();
    win.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(win.visible).toBe(false);
    inspector.allowClose();
    const quitting = closeEvent();
    win.emit('close', quitting);
    expect(quitting.defaultPrevented).toBe(false);
  });

  it('delivers the requested view once the page has loaded', () => {
    const { inspector, showView } = setup();
    inspector.show({ view: 'settings' });
    expect(showView).not.toHaveBeenCalled();
    BrowserWindow.instances[0]!.webContents.emit('did-finish-load');
    expect(showView).toHaveBeenCalledWith({ view: 'settings' });
    inspector.show({ view: 'ports', port: 3000 });
    expect(showView).toHaveBeenLastCalledWith({ view: 'ports', port: 3000 });
  });
});
