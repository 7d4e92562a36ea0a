import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Rectangle, Screen } from 'electron';
import type { InspectorView } from '../../preload/contract';
import { inspectorWindowOptions, INSPECTOR_SIZE } from './window-options';
import { windowPosition } from './window-position';

export interface InspectorDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  screen: Pick<Screen, 'getDisplayNearestPoint' | 'getCursorScreenPoint'>;
  trayBounds: () => Rectangle | null;
  indexHtml: string;
  preloadPath: string;
  platform: NodeJS.Platform;
  dark: () => boolean;
  packaged: boolean;
  /** Pushes the view to show once the page can hear it. */
  showView: (view: InspectorView) => void;
  log: (message: string) => void;
}

export interface Inspector {
  show(view?: InspectorView): void;
  window(): BrowserWindowType | null;
  /** Lets the window really close (on quit) instead of hiding. */
  allowClose(): void;
}

/** The popup inspector: created on first use, hidden (not closed) on blur and on close. */
export function createInspector(deps: InspectorDeps): Inspector {
  let win: BrowserWindowType | null = null;
  let loaded = false;
  let pending: InspectorView | null = null;
  let closing = false;

  function create(): BrowserWindowType {
    const w = new deps.BrowserWindow(
      inspectorWindowOptions({ preloadPath: deps.preloadPath, platform: deps.platform, dark: deps.dark(), packaged: deps.packaged }),
    );
    w.on('blur', () => {
      // DevTools take focus from the page; hiding then would make the inspector undebuggable.
      if (!w.webContents.isDevToolsOpened()) w.hide();
    });
    w.on('close', (event) => {
      if (closing) return;
      event.preventDefault();
      w.hide();
    });
    w.on('closed', () => {
      win = null;
      loaded = false;
    });
    w.webContents.on('did-finish-load', () => {
      loaded = true;
      if (pending) deps.showView(pending);
      pending = null;
    });
    w.webContents.on('render-process-gone', (_event, details) => {
      deps.log(`inspector renderer gone (${details.reason}); it is recreated on next open`);
      loaded = false;
      closing = true;
      w.destroy();
      closing = false;
    });
    w.loadFile(deps.indexHtml).catch((err: Error) => deps.log(`could not load the inspector page ${deps.indexHtml}: ${err.message}`));
    return w;
  }

  return {
    show(view = { view: 'ports', port: null }) {
      win ??= create();
      const tray = deps.trayBounds();
      const anchor =
        tray && tray.width > 0 ? { x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 } : deps.screen.getCursorScreenPoint();
      const { workArea } = deps.screen.getDisplayNearestPoint(anchor);
      const [width, height] = win.getSize();
      const size = { width: width ?? INSPECTOR_SIZE.width, height: height ?? INSPECTOR_SIZE.height };
      const { x, y } = windowPosition(tray, workArea, size, deps.platform);
      win.setPosition(x, y, false);
      win.show();
      win.focus();
      if (loaded) deps.showView(view);
      else pending = view;
    },
    window: () => win,
    allowClose() {
      closing = true;
    },
  };
}
