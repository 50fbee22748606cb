// The Electron shell cannot run on this machine (no Electron binary offline), so its wiring is
// checked against a stand-in 'electron' module: window options, navigation lock-down, and the
// IPC door into the core.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from '../../shared/api/files';
import { Core } from '../../electron/core/core';
import { uploadDirFor } from '../../electron/core/excel/uploads';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';

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

const ownPage = pathToFileURL(path.join(REPO, 'electron', 'renderer', 'index.html')).href;
/** The app's window (its webContents): the main process keeps one session per window. */
const windowContents = new EventEmitter();
const fromWindow = { senderFrame: { url: ownPage }, sender: windowContents };
const ADMIN = { name: 'quantri', fullName: 'Quản trị viên', password: 'mat-khau-dai-1' };

beforeAll(async () => {
  state.appPath = REPO;
  await import('../../electron/main/index');
  await new Promise((r) => setTimeout(r, 50));
  // The first start: the window creates the administrator, which signs that window in.
  const first = (await state.handlers.get('rasoat:call')!(fromWindow, 'auth.setupFirstAdmin', ADMIN)) as { ok: boolean };
  expect(first.ok).toBe(true);
});

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

  it('keeps one session per window: signing in over IPC signs in that window only, and signing out ends it', async () => {
    const call = state.handlers.get('rasoat:call')!;
    const otherWindow = { senderFrame: { url: ownPage }, sender: new EventEmitter() };
    const status = (await call(fromWindow, 'auth.status', {})) as { value: { user: { name: string; role: string } | null; needsFirstAdmin: boolean } };
    expect(status.value).toMatchObject({ needsFirstAdmin: false, user: { name: 'quantri', role: 'admin' } });
    expect(((await call(otherWindow, 'auth.status', {})) as { value: { user: unknown } }).value.user).toBeNull();
    expect(await call(otherWindow, 'rounds.list', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    // Without a window (no sender) nothing is answered.
    expect(((await call({ senderFrame: { url: ownPage } }, 'auth.status', {})) as { ok: boolean }).ok).toBe(false);
    const upload = state.handlers.get('rasoat:upload')!;
    expect(await upload(otherWindow, 'x.xlsx', new Uint8Array([1]))).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    // The other window signs in as someone else; signing it out leaves the first window signed in.
    const viewer = (await call(fromWindow, 'users.add', { name: 'xem.thu', fullName: 'Người xem', role: 'viewer', password: 'mat-khau-xem-1' })) as { ok: boolean };
    expect(viewer.ok).toBe(true);
    expect(((await call(otherWindow, 'auth.login', { name: 'xem.thu', password: 'mat-khau-xem-1' })) as { value: { role: string } }).value.role).toBe('viewer');
    expect(((await call(otherWindow, 'auth.status', {})) as { value: { user: { name: string } } }).value.user.name).toBe('xem.thu');
    expect(await call(otherWindow, 'auth.logout', {})).toEqual({ ok: true, value: null });
    expect(((await call(otherWindow, 'auth.status', {})) as { value: { user: unknown } }).value.user).toBeNull();
    expect(((await call(fromWindow, 'auth.status', {})) as { value: { user: { name: string } } }).value.user.name).toBe('quantri');
  });

  it('answers IPC calls from its own page through the contract, and refuses other callers', async () => {
    const handler = state.handlers.get('rasoat:call')!;
    const fromApp = (await handler(fromWindow, 'rounds.list', {})) as { ok: boolean; value: unknown };
    expect(fromApp).toEqual({ ok: true, value: [] });
    const invalid = (await handler(fromWindow, 'households.get', { householdId: -1 })) as { ok: boolean; error: { code: string } };
    expect(invalid.error.code).toBe('INVALID_INPUT');
    const foreign = (await handler({ senderFrame: { url: 'https://evil.example/' } }, 'rounds.list', {})) as { ok: boolean };
    expect(foreign.ok).toBe(false);
  });

  it('takes an upload as bytes over IPC, with the one size limit, from its own page only', async () => {
    const upload = state.handlers.get('rasoat:upload')!;
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const saved = (await upload(fromWindow, 'ds.xlsx', bytes)) as { ok: boolean; value: { upload: string; size: number } };
    expect(saved).toEqual({ ok: true, value: { upload: expect.stringMatching(/^[a-f0-9]{32}$/u), size: 7 } });
    const stored = fs.readFileSync(path.join(uploadDirFor(path.join(dataDir, 'rasoat.sqlite')), `${saved.value.upload}.xlsx`));
    expect([...stored]).toEqual([...bytes]);
    const tooLarge = (await upload(fromWindow, 'big.xlsx', new Uint8Array(MAX_UPLOAD_BYTES + 1))) as { ok: boolean; error: { message: string } };
    expect(tooLarge).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: UPLOAD_TOO_LARGE_MESSAGE }) });
    expect(((await upload({ senderFrame: { url: 'https://evil.example/' } }, 'x.xlsx', bytes)) as { ok: boolean }).ok).toBe(false);
    expect(((await upload(fromWindow, 'x.xlsx', 'not bytes')) as { ok: boolean }).ok).toBe(false);
  });

  it("hands a finished job's file over IPC as bytes, and NOT_FOUND for an unknown job", async () => {
    const seeder = new Core({ dbPath: path.join(dataDir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
    const { roundId, communeId } = seedSmall(seeder);
    seeder.close();
    const call = state.handlers.get('rasoat:call')!;
    const jobFile = state.handlers.get('rasoat:job-file')!;
    const started = (await call(fromWindow, 'jobs.start', { kind: 'excel.export', input: { roundId, unitId: communeId, doc: 'DS' } })) as { ok: boolean; value: { id: string } };
    expect(started.ok).toBe(true);
    let state_ = 'running';
    for (let i = 0; i < 600 && (state_ === 'running' || state_ === 'queued'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      state_ = ((await call(fromWindow, 'jobs.status', { jobId: started.value.id })) as { value: { state: string } }).value.state;
    }
    expect(state_).toBe('done');
    const file = (await jobFile(fromWindow, started.value.id, 'DS-30487-2023.xlsx')) as { ok: boolean; value: { name: string; mime: string; bytes: Uint8Array } };
    expect(file.ok).toBe(true);
    expect(file.value.name).toBe('DS-30487-2023.xlsx');
    expect(file.value.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.from(file.value.bytes).subarray(0, 2).toString('latin1')).toBe('PK');
    const missing = (await jobFile(fromWindow, 'zzzz-00000000', 'a.xlsx')) as { ok: boolean; error: { code: string } };
    expect(missing.error.code).toBe('NOT_FOUND');
    expect(((await jobFile({ senderFrame: { url: 'https://evil.example/' } }, started.value.id, 'DS-30487-2023.xlsx')) as { ok: boolean }).ok).toBe(false);
  });
});
