// The Electron main process: glue only. The watcher in the core drives everything; this file
// wires its snapshots to the tray, the inspector and notifications, and the IPC contract to the
// core. Quitting stops the watcher and leaves the user's servers running.
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import { join } from 'node:path';
import { createWorkerService } from '../core/service';
import type { PortwardenService } from '../core/service';
import { createDesktopNotifier } from './desktop-notification';
import { trayMenuBuilder } from './e2e-hooks';
import { hardenApp } from './harden';
import { createInspector, type Inspector } from './inspector-window';
import { createSend, registerIpc } from './ipc';
import { createInvokeDispatch } from './ipc-dispatch';
import { createIpcHandlers, readLoginItem } from './ipc-handlers';
import { createLoginItem, HIDDEN_ARG } from './login-item';
import { startNotifier } from './notifier';
import { rendererUrl } from './security';
import { createTrayActions } from './tray-actions';
import { createTrayController } from './tray-controller';
import { trayIconDir } from './tray-icons';
import { buildTrayMenu, type TrayState } from './tray-menu';

const log = (message: string) => console.error(`[portwarden] ${message}`);

// dist/main.js sits next to dist/preload.js and dist/renderer/.
const INDEX_HTML = join(__dirname, 'renderer', 'index.html');
const PRELOAD = join(__dirname, 'preload.js');

/** The running app's parts, reachable from the lifecycle events. */
interface Running {
  service: PortwardenService | null;
  inspector: Inspector | null;
}

/** Wires the app; main.ts calls it once (tests call it per case against the electron mock). */
export function runApp(): void {
  const running: Running = { service: null, inspector: null };
  if (!app.requestSingleInstanceLock()) {
    // Another Portwarden runs: it gets our 'second-instance' and shows its inspector.
    app.quit();
    return;
  }
  app.on('second-instance', () => running.inspector?.show());
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => {});
  app.on('before-quit', () => {
    running.inspector?.allowClose();
    // Only the watcher stops: servers Portwarden started run detached in their own process groups.
    void running.service?.stop();
  });
  app
    .whenReady()
    .then(() => start(running))
    .catch((err: Error) => {
      log(`could not start: ${err.stack ?? err.message}`);
      dialog.showErrorBox('Portwarden could not start', `${err.message}\n\nRun it from a terminal to see the details.`);
      app.exit(1);
    });
}

async function start(running: Running): Promise<void> {
  app.dock?.hide();
  hardenApp(app, session.defaultSession, log);

  // The watcher and its scans run on a worker thread: a cold scan never stalls the tray or IPC.
  const core = createWorkerService({ log });
  running.service = core;
  const loginItem = createLoginItem(process.platform, {
    app,
    env: process.env,
    execPath: process.execPath,
    appArgs: app.isPackaged ? [] : [app.getAppPath()],
  });
  const send = createSend(() => running.inspector?.window()?.webContents);

  const inspector = createInspector({
    BrowserWindow,
    screen,
    trayBounds: () => tray.bounds(),
    indexHtml: INDEX_HTML,
    preloadPath: PRELOAD,
    platform: process.platform,
    dark: () => nativeTheme.shouldUseDarkColors,
    packaged: app.isPackaged,
    showView: (view) => send('onShow', view),
    log,
  });
  running.inspector = inspector;
  const { show } = createDesktopNotifier({ Notification, onClick: (port) => inspector.show({ view: 'ports', port }), log });

  const trayState: TrayState = { paused: false, loginItem: null, recipes: new Map(), busy: new Set() };
  const refreshLogin = async () => {
    const s = await readLoginItem(loginItem);
    trayState.loginItem = { supported: s.supported, enabled: s.enabled };
    render();
  };
  const dispatch = createTrayActions({
    service: core,
    showInspector: (view) => inspector.show(view),
    openExternal: (url) => shell.openExternal(url),
    copyText: (text) => clipboard.writeText(text),
    async confirm(q) {
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        message: q.title,
        detail: q.detail,
        buttons: ['Cancel', q.button],
        defaultId: 0,
        cancelId: 0,
      });
      return response === 1;
    },
    async toggleLoginItem() {
      const s = await readLoginItem(loginItem);
      const result = await loginItem.setEnabled(!s.enabled);
      await refreshLogin();
      return result.ok ? { ok: true, value: result.state } : { ok: false, code: 'LOGIN_ITEM', message: result.message, hint: result.hint };
    },
    quit: () => app.quit(),
    notify: show,
  });
  const tray = createTrayController({
    Tray,
    Menu: trayMenuBuilder(Menu, process.env),
    nativeImage,
    platform: process.platform,
    iconDir: trayIconDir(app.isPackaged, app.getAppPath(), process.resourcesPath),
    dispatch: (action) => void dispatch(action).catch((err: Error) => log(`tray action ${action.id} failed: ${err.stack ?? err.message}`)),
    onClick: () => inspector.show(),
    log,
  });
  function render(): void {
    const snapshot = core.current();
    trayState.paused = snapshot.paused;
    trayState.recipes = core.knownRecipes();
    trayState.busy = core.busyPorts();
    tray.update(buildTrayMenu(snapshot, Date.now(), trayState));
  }

  const handlers = createIpcHandlers(core, { loginItem, openExternal: (url) => shell.openExternal(url) });
  registerIpc(ipcMain, createInvokeDispatch(handlers, rendererUrl(INDEX_HTML), log));

  core.onDidChangeSnapshot((snapshot) => {
    render();
    send('onSnapshot', snapshot);
  });
  core.onDidEmitEvent((event) => send('onEvent', event));
  core.onDidStepAction((event) => send('onActionStep', event));
  core.onDidFinishAction((outcome) => send('onActionDone', outcome));
  core.onDidChangeActivity(render);
  startNotifier({ service: core, enabled: () => core.currentSettings().notifications, show });
  // Uptimes in the menu are coarse (minutes, then hours): a rebuild check once a minute is enough,
  // and tray.update touches the OS only when a label actually changed.
  setInterval(render, 60_000).unref();

  await core.start();
  render();
  await refreshLogin();
  // A launch at login stays in the tray; a launch by hand shows the inspector once, so the user
  // sees that it started (a Linux desktop without a tray area would otherwise show nothing).
  if (!process.argv.includes(HIDDEN_ARG)) inspector.show();
}
