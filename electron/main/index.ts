import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/channels';
import { ERROR_MESSAGES } from '../../shared/messages';
import { dispatch } from '../core/api/dispatch';
import { createServices } from '../core/api/services';
import { Core } from '../core/core';
import { AppError } from '../core/errors';
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

async function start(): Promise<void> {
  lockDown();
  try {
    core = new Core({ dbPath: defaultDbPath(), resourcesDir, dailyBackup: true, actor: 'officer' });
  } catch (e) {
    const text = e instanceof AppError ? `${ERROR_MESSAGES[e.code]}\n\n${e.message}` : String(e);
    dialog.showErrorBox('Không mở được dữ liệu', text);
    app.quit();
    return;
  }
  const services = createServices(core);
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    // Only our own page may call the core.
    if (!event.senderFrame || !isOwnPage(event.senderFrame.url)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'Caller is not the app' } };
    }
    return dispatch(services, method, input);
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

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});
app.on('window-all-closed', () => {
  core?.close();
  app.quit();
});
void app.whenReady().then(start);
