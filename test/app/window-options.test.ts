import { describe, expect, it } from 'vitest';
import { inspectorWindowOptions } from '../../main/app/window-options';

describe('inspectorWindowOptions', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('isolates the page on %s: sandbox, context isolation, no Node', (platform) => {
    const options = inspectorWindowOptions({ preloadPath: '/app/dist/preload.js', platform, dark: false, packaged: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload.js',
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
      devTools: false,
    });
    expect(options.show).toBe(false);
  });

  it('is a frameless popup without a taskbar entry where the tray anchors it, a framed window on Linux', () => {
    expect(inspectorWindowOptions({ preloadPath: 'p', platform: 'darwin', dark: false, packaged: true })).toMatchObject({
      frame: false,
      skipTaskbar: true,
    });
    expect(inspectorWindowOptions({ preloadPath: 'p', platform: 'linux', dark: false, packaged: true })).toMatchObject({
      frame: true,
      skipTaskbar: false,
    });
  });

  it('paints the first frame in the theme colour and allows DevTools only unpackaged', () => {
    const dark = inspectorWindowOptions({ preloadPath: 'p', platform: 'linux', dark: true, packaged: false });
    const light = inspectorWindowOptions({ preloadPath: 'p', platform: 'linux', dark: false, packaged: false });
    expect(dark.backgroundColor).not.toBe(light.backgroundColor);
    expect(dark.webPreferences?.devTools).toBe(true);
  });
});
