// Issue 10: a database that fails its check at start is not opened for writing; the desktop app
// offers the last good backup, restores it over the damaged file (kept aside) and opens. Checked
// against a stand-in 'electron' module (no Electron binary on this machine).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/core';
import { listBackups } from '../../electron/core/backup/backup';
import { openDatabase } from '../../electron/core/db/connection';
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
  offers: [] as { detail: string; buttons: string[] }[],
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
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(), showMessageBoxSync: vi.fn((o: { buttons: string[] }) => {
      state.offers.push(o as never);
      return 0;
    }) },
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

let goodName = '';
beforeAll(async () => {
  state.appPath = REPO;
  // A database with a good backup, then a torn write: pages in the middle overwritten with noise.
  const dbPath = path.join(dataDir, 'rasoat.sqlite');
  const core = new Core({ dbPath, resourcesDir: RESOURCES });
  seedSmall(core);
  goodName = core.backup('manual').name;
  core.close();
  const size = fs.statSync(dbPath).size;
  const fd = fs.openSync(dbPath, 'r+');
  fs.writeSync(fd, crypto.randomBytes(size - 3 * 4096), 0, size - 3 * 4096, 2 * 4096);
  fs.closeSync(fd);
  await import('../../electron/main/index');
  await new Promise((r) => setTimeout(r, 200));
}, 60_000);

describe('the desktop app started on a damaged database', () => {
  it('offers the last good backup by name, in Vietnamese', () => {
    expect(state.offers).toHaveLength(1);
    expect(state.offers[0]!.buttons).toEqual([`Khôi phục bản sao lưu ${goodName}`, 'Thoát']);
    expect(state.offers[0]!.detail).toMatch(/bị hỏng/u);
  });

  it('restores it, keeps the damaged file aside, and opens its window on the restored data', () => {
    expect(state.windows).toHaveLength(1);
    const backups = path.join(dataDir, 'backups');
    expect(fs.readdirSync(backups).some((n) => n.startsWith('damaged-'))).toBe(true);
    expect(listBackups(backups).some((b) => b.name.startsWith('damaged-'))).toBe(false);
    const db = openDatabase(path.join(dataDir, 'rasoat.sqlite'), { readonly: true });
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });
});
