import type { BrowserWindowConstructorOptions } from 'electron';

export const INSPECTOR_SIZE = { width: 860, height: 560 };

export interface InspectorWindowFacts {
  preloadPath: string;
  platform: NodeJS.Platform;
  /** nativeTheme.shouldUseDarkColors: paints the first frame in the right colour. */
  dark: boolean;
  /** app.isPackaged: DevTools only in development builds. */
  packaged: boolean;
}

/** The inspector's window: a sandboxed, isolated popup with no Node in the page. */
export function inspectorWindowOptions(facts: InspectorWindowFacts): BrowserWindowConstructorOptions {
  return {
    ...INSPECTOR_SIZE,
    minWidth: 560,
    minHeight: 360,
    show: false,
    // A popup that belongs to the tray: no taskbar entry, no title bar on macOS/Windows. Linux
    // keeps its frame, because without a tray anchor it opens centred like a normal window.
    frame: facts.platform === 'linux',
    skipTaskbar: facts.platform !== 'linux',
    fullscreenable: false,
    maximizable: false,
    title: 'Portwarden',
    backgroundColor: facts.dark ? '#1b1d21' : '#f7f7f8',
    webPreferences: {
      preload: facts.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: !facts.packaged,
    },
  };
}
