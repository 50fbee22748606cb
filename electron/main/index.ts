import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import fs from 'node:fs';
import { IPC_CHANNEL, IPC_JOB_FILE_CHANNEL, IPC_UPLOAD_CHANNEL } from '../../shared/api/channels';
import { fail, ok, type Envelope } from '../../shared/api/envelope';
import type { JobFileBytes, UploadReceipt } from '../../shared/api/files';
import { ERROR_MESSAGES } from '../../shared/messages';
import { roleMayUpload, UPLOAD_FORBIDDEN_MESSAGE } from '../../shared/api/permissions';
import { dispatch } from '../core/api/dispatch';
import { authOf, type SessionSlot } from '../core/auth/sessions';
import { createServices } from '../core/api/services';
import { Core } from '../core/core';
import { DamagedDatabaseError } from '../core/backup/backup';
import { AppError } from '../core/errors';
import { saveUpload } from '../core/excel/uploads';
import { defaultDataDir, defaultDbPath } from '../core/paths';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources');

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'self' blob:";

// The same data folder as the CLI and the local HTTP host.
app.setPath('userData', defaultDataDir());
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | undefined;
let window: BrowserWindow | undefined;

function isOwnPage(url: string): boolean {
  if (process.env.ELECTRON_RENDERER_URL) return url.startsWith(process.env.ELECTRON_RENDERER_URL);
  return url.startsWith(pathToFileURL(path.dirname(rendererIndex)).href);
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Rà soát hộ nghèo',
    show: false,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(rendererIndex);
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    // No navigation away from the app, no new windows, no webviews.
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/**
 * The daily full check of a large database runs after the app opened (backup/backup.ts
 * openCheckPlan). Damage found then is recorded beside the file, so the next start refuses it and
 * offers the last good backup (openCore). The officer is told at once, and may restart straight
 * into that offer, so as not to key more work into a damaged file.
 */
function warnDamagedWhileOpen(e: DamagedDatabaseError): void {
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: 'Dữ liệu bị hỏng',
    message: 'Lần kiểm tra định kỳ vừa phát hiện tệp dữ liệu bị hỏng. Hãy dừng nhập liệu: những gì ghi thêm vào tệp hỏng có thể bị mất.',
    detail: `${e.message}\n\nChọn "Khởi động lại" để ứng dụng mở lại và đề nghị khôi phục bản sao lưu tốt gần nhất.`,
    buttons: ['Khởi động lại', 'Để sau'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (choice !== 0) return;
  app.relaunch();
  app.quit();
}

/** The daily backup, taken in the background for a large file, failed: the officer is told, and goes on working. */
function warnDailyBackupFailed(reason: string): void {
  void dialog.showMessageBox({
    type: 'warning',
    title: 'Chưa sao lưu được',
    message: 'Bản sao lưu hằng ngày chưa tạo được. Dữ liệu hiện tại vẫn nguyên vẹn.',
    detail: `${reason}\n\nHãy kiểm tra chỗ trống trên ổ đĩa và thư mục sao lưu, rồi sao lưu lại trong màn hình Sao lưu (hoặc mở lại ứng dụng).`,
    buttons: ['Đã hiểu'],
    noLink: true,
  });
}

/**
 * Opens the database. A damaged one is never opened for writing (Core refuses it): the officer is
 * offered the last good backup, restored over it (the damaged file is kept aside), then the app
 * opens normally. Any other refusal is shown and the app closes.
 */
function openCore(): Core | null {
  const dbPath = defaultDbPath();
  for (;;) {
    try {
      return new Core({ dbPath, resourcesDir, dailyBackup: true, actor: 'officer', onDamaged: warnDamagedWhileOpen, onDailyBackupFailed: warnDailyBackupFailed });
    } catch (refusal) {
      let e = refusal;
      if (e instanceof DamagedDatabaseError && e.backup) {
        const choice = dialog.showMessageBoxSync({
          type: 'error',
          title: 'Dữ liệu bị hỏng',
          message: 'Tệp dữ liệu bị hỏng nên chưa mở để ghi.',
          detail: `${e.message}\n\nKhôi phục bản sao lưu ${e.backup.name}? Tệp hỏng được giữ lại trong thư mục sao lưu (tên bắt đầu bằng "damaged-"); những gì nhập sau lúc sao lưu cần nhập lại.`,
          buttons: [`Khôi phục bản sao lưu ${e.backup.name}`, 'Thoát'],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        });
        if (choice !== 0) return null;
        try {
          Core.restoreDamaged({ dbPath }, e.backup.file);
          continue;
        } catch (restoreError) {
          e = restoreError;
        }
      }
      const text = e instanceof AppError ? `${ERROR_MESSAGES[e.code]}\n\n${e.message}` : String(e);
      dialog.showErrorBox('Không mở được dữ liệu', text);
      return null;
    }
  }
}

async function start(): Promise<void> {
  lockDown();
  const opened = openCore();
  if (!opened) {
    app.quit();
    return;
  }
  core = opened;
  const services = createServices(core);
  const auth = authOf(core);
  // Only our own page may call the core.
  const fromApp = (event: Electron.IpcMainInvokeEvent): boolean => !!event.sender && !!event.senderFrame && isOwnPage(event.senderFrame.url);
  const notTheApp = fail('INVALID_INPUT', 'Caller is not the app');
  // One session per window (its webContents): signing in in one window signs in that window only;
  // the session ends with the window, on sign-out, and after the idle time (auth/sessions.ts).
  const tokens = new WeakMap<Electron.WebContents, string>();
  const slotOf = (contents: Electron.WebContents): SessionSlot => ({
    token: tokens.get(contents) ?? null,
    set: (token) => {
      if (!token) {
        tokens.delete(contents);
        return;
      }
      if (!tokens.has(contents)) contents.once?.('destroyed', () => auth.end(tokens.get(contents)));
      tokens.set(contents, token);
    },
  });
  const callerOf = (event: Electron.IpcMainInvokeEvent) => auth.callerOf(tokens.get(event.sender));
  const signIn = fail('UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED);
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!fromApp(event)) return notTheApp;
    return dispatch(services, method, input, { auth, slot: slotOf(event.sender) });
  });
  // Files travel as bytes over IPC (no base64, no JSON), with the same limit as the HTTP host, for
  // a signed-in window only (as the HTTP host's file doors).
  ipcMain.handle(IPC_UPLOAD_CHANNEL, (event, _name: unknown, bytes: unknown): Envelope<UploadReceipt> => {
    if (!fromApp(event)) return notTheApp;
    const caller = callerOf(event);
    if (!caller) return signIn;
    if (caller.mustChangePassword || !roleMayUpload(caller.role)) return fail('FORBIDDEN', UPLOAD_FORBIDDEN_MESSAGE);
    if (!(bytes instanceof Uint8Array)) return fail('INVALID_INPUT', 'The upload is not bytes');
    return asEnvelope(() => ({ upload: saveUpload(opened.options.dbPath, bytes), size: bytes.length }));
  });
  ipcMain.handle(IPC_JOB_FILE_CHANNEL, (event, jobId: unknown, name: unknown): Envelope<JobFileBytes> => {
    if (!fromApp(event)) return notTheApp;
    const caller = callerOf(event);
    if (!caller) return signIn;
    if (typeof jobId !== 'string' || (name !== undefined && typeof name !== 'string')) return fail('INVALID_INPUT', 'jobId and name are strings');
    if (caller.mustChangePassword || !auth.mayUseJob(caller, jobId)) return fail('NOT_FOUND', 'Không có tệp này trong các công việc của bạn.');
    return asEnvelope(() => {
      const file = opened.jobs.file(jobId, name);
      return { name: file.name, mime: file.mime, bytes: fs.readFileSync(file.path) };
    });
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'Tệp',
        submenu: [
          {
            label: 'Sao lưu ngay',
            click: () => {
              try {
                const b = core!.backup('manual');
                void dialog.showMessageBox({ message: `Đã sao lưu vào:\n${b.file}` });
              } catch (e) {
                dialog.showErrorBox('Không sao lưu được', ERROR_MESSAGES.BACKUP_FAILED + `\n\n${(e as Error).message}`);
              }
            },
          },
          { type: 'separator' },
          { label: 'Thoát', role: 'quit' },
        ],
      },
      { label: 'Sửa', submenu: [{ role: 'undo', label: 'Hoàn tác' }, { role: 'redo', label: 'Làm lại' }, { type: 'separator' }, { role: 'cut', label: 'Cắt' }, { role: 'copy', label: 'Sao chép' }, { role: 'paste', label: 'Dán' }, { role: 'selectAll', label: 'Chọn tất cả' }] },
      { label: 'Xem', submenu: [{ role: 'reload', label: 'Tải lại' }, { role: 'resetZoom', label: 'Cỡ chữ mặc định' }, { role: 'zoomIn', label: 'Phóng to' }, { role: 'zoomOut', label: 'Thu nhỏ' }, { role: 'togglefullscreen', label: 'Toàn màn hình' }] },
    ]),
  );
  createWindow();
}

/** An expected failure (AppError) as the envelope's error; anything else is logged and answered INTERNAL. */
function asEnvelope<T>(run: () => T): Envelope<T> {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.message, e.issues);
    console.error('[rasoat] file transfer failed:', e);
    return fail('INTERNAL', e instanceof Error ? e.message : String(e));
  }
}

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});
app.on('window-all-closed', () => {
  core?.close();
  app.quit();
});
void app.whenReady().then(start);
