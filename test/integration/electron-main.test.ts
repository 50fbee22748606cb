// The Electron shell cannot run on this machine (no Electron binary offline), so its wiring is
// checked against a stand-in 'electron' module: window options, navigation lock-down, and the
// IPC door into the core.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO, tempDir } from '../helpers';

const dataDir = tempDir();
process.env.RASOAT_DATA_DIR = dataDir;

const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  permission: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  headers: undefined as undefined | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  appPath: '',
}));

vi.mock('electron', () => {
  class BrowserWindow {
    loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this as never);
    }
    once() {}
    loadFile(f: string) {
      this.loaded.push(f);
      return Promise.resolve();
    }
    loadURL(u: string) {
      this.loaded.push(u);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    focus() {}
    show() {}
  }
  return {
    app: {
      isPackaged: false,
      setPath: vi.fn(),
      getAppPath: () => state.appPath,
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      on: (event: string, fn: (...args: unknown[]) => void) => state.appEvents.set(event, fn),
      whenReady: () => Promise.resolve(),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => state.handlers.set(channel, fn) },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: (t: unknown) => t },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => (state.permission = fn),
        webRequest: { onHeadersReceived: (fn: never) => (state.headers = fn) },
      },
    },
    shell: { openExternal: vi.fn() },
  };
});

beforeAll(async () => {
  state.appPath = REPO;
  await import('../../electron/main/index');
  await new Promise((r) => setTimeout(r, 50));
});

const ownPage = pathToFileURL(path.join(REPO, 'electron', 'renderer', 'index.html')).href;

describe('the Electron main process', () => {
  it('opens one window with context isolation, sandbox and no Node integration', () => {
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toEqual(expect.objectContaining({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true }));
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/u);
  });

  it('keeps its database in the shared data folder', () => {
    expect(fs.existsSync(path.join(dataDir, 'rasoat.sqlite'))).toBe(true);
  });

  it('sets a CSP on every response and refuses every permission', () => {
    let headers: Record<string, string[]> = {};
    state.headers!({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']![0]).toMatch(/default-src 'self'; script-src 'self'/u);
    let granted = true;
    state.permission!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const contents = Object.assign(new EventEmitter(), { openHandler: undefined as undefined | ((d: { url: string }) => unknown) });
    (contents as unknown as { setWindowOpenHandler: (fn: never) => void }).setWindowOpenHandler = (fn) => (contents.openHandler = fn);
    state.appEvents.get('web-contents-created')!({}, contents);
    const nav = { defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    } };
    contents.emit('will-navigate', nav, 'https://example.com/');
    expect(nav.defaultPrevented).toBe(true);
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const webview = { defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    } };
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('answers IPC calls from its own page through the contract, and refuses other callers', async () => {
    const handler = state.handlers.get('rasoat:call')!;
    // Run from source, main's renderer folder is electron/renderer (out/renderer once built).
    const rendererPage = ownPage;
    const fromApp = (await handler({ senderFrame: { url: rendererPage } }, 'rounds.list', {})) as { ok: boolean; value: unknown };
    expect(fromApp).toEqual({ ok: true, value: [] });
    const invalid = (await handler({ senderFrame: { url: rendererPage } }, 'households.get', { householdId: -1 })) as { ok: boolean; error: { code: string } };
    expect(invalid.error.code).toBe('INVALID_INPUT');
    const foreign = (await handler({ senderFrame: { url: 'https://evil.example/' } }, 'rounds.list', {})) as { ok: boolean };
    expect(foreign.ok).toBe(false);
  });
});
