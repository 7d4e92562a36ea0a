// The one hand-written `electron` mock for glue tests (like electron/fiddle's tests/setup.ts):
//   vi.mock('electron', () => import('../helpers/electron-mock'));
// It records what the glue asked Electron to do; call resetElectronMock() in beforeEach.
// Only glue tests use it: pure modules are tested without it.
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class MockWebContents extends EventEmitter {
  sent: Array<{ channel: string; payload: unknown }> = [];
  destroyed = false;
  devToolsOpened = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  webContents = new MockWebContents();
  visible = false;
  position: [number, number] = [0, 0];
  loaded: string | null = null;
  constructor(public options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loaded = path;
    return Promise.resolve();
  }
  getSize(): [number, number] {
    return [Number(this.options.width ?? 800), Number(this.options.height ?? 600)];
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  destroy(): void {
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.webContents.destroyed;
  }
}

export class MockNativeImage {
  template = false;
  constructor(public path: string | null) {}
  isEmpty(): boolean {
    return this.path === null;
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export const nativeImage = {
  /** Paths that "exist"; createFromPath of anything else returns an empty image, like Electron. */
  existing: new Set<string>(),
  createFromPath(path: string): MockNativeImage {
    return new MockNativeImage(nativeImage.existing.has(path) ? path : null);
  },
  createEmpty(): MockNativeImage {
    return new MockNativeImage(null);
  },
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: MockNativeImage;
  tooltip = '';
  menus: Menu[] = [];
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  destroyed = false;
  calls = { setImage: 0, setToolTip: 0, setContextMenu: 0 };
  constructor(image: MockNativeImage) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: MockNativeImage): void {
    this.calls.setImage++;
    this.image = image;
  }
  setToolTip(text: string): void {
    this.calls.setToolTip++;
    this.tooltip = text;
  }
  setContextMenu(menu: Menu): void {
    this.calls.setContextMenu++;
    this.menus.push(menu);
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Menu {
  constructor(public template: Array<Record<string, unknown>>) {}
  static buildFromTemplate(template: Array<Record<string, unknown>>): Menu {
    return new Menu(template);
  }
}

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  /** Calls a handler as a renderer frame at `frameUrl` would. */
  invoke(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args));
  },
};

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(public options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}

export const clipboard = {
  text: '',
  writeText: (t: string) => {
    clipboard.text = t;
  },
};
export const shell = { opened: [] as string[], openExternal: async (url: string) => void shell.opened.push(url) };

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  dock: {
    hidden: false,
    hide: () => {
      app.dock.hidden = true;
    },
  },
  hasLock: true,
  quitCalls: 0,
  requestSingleInstanceLock: () => app.hasLock,
  whenReady: () => Promise.resolve(),
  quit: () => void app.quitCalls++,
  exit: (code?: number) => void app.exitCodes.push(code ?? 0),
  exitCodes: [] as number[],
  getAppPath: () => process.cwd(),
  getLoginItemSettings: () => ({ openAtLogin: false }),
  setLoginItemSettings: () => {},
});

export const session = {
  defaultSession: {
    permissionRequestHandler: null as unknown,
    permissionCheckHandler: null as unknown,
    headersHandler: null as unknown,
    setPermissionRequestHandler(h: unknown) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: unknown) {
      this.permissionCheckHandler = h;
    },
    webRequest: {
      onHeadersReceived(h: unknown) {
        session.defaultSession.headersHandler = h;
      },
    },
  },
};

export const screen = {
  workArea: { x: 0, y: 0, width: 1920, height: 1080 },
  getDisplayNearestPoint: () => ({ workArea: screen.workArea }),
  getCursorScreenPoint: () => ({ x: 100, y: 100 }),
};

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });

export const dialog = {
  errors: [] as Array<[string, string]>,
  showErrorBox: (title: string, content: string) => void dialog.errors.push([title, content]),
  answer: 1,
  asked: [] as unknown[],
  showMessageBox: async (...args: unknown[]) => {
    dialog.asked.push(args);
    return { response: dialog.answer };
  },
};

export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.shown = [];
  ipcMain.handlers.clear();
  nativeImage.existing.clear();
  clipboard.text = '';
  shell.opened = [];
  dialog.asked = [];
  dialog.errors = [];
  app.exitCodes = [];
  dialog.answer = 1;
  app.removeAllListeners();
  app.dock.hidden = false;
  app.hasLock = true;
  app.quitCalls = 0;
  screen.workArea = { x: 0, y: 0, width: 1920, height: 1080 };
}

export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  ipcMain,
  Notification,
  clipboard,
  shell,
  nativeImage,
  session,
  screen,
  nativeTheme,
  dialog,
};
