import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'rasoat';

/**
 * The app's own data folder, the same whether the desktop app, the CLI or the HTTP host opens
 * it: %APPDATA%\rasoat on Windows, ~/Library/Application Support/rasoat on macOS,
 * $XDG_CONFIG_HOME/rasoat (or ~/.config/rasoat) on Linux. RASOAT_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RASOAT_DATA_DIR) return path.resolve(env.RASOAT_DATA_DIR);
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_DIR_NAME);
}

export const defaultDbPath = (dataDir = defaultDataDir()): string => path.join(dataDir, 'rasoat.sqlite');
/** Backups live beside the database they copy. */
export const backupDirFor = (dbPath: string): string => path.join(path.dirname(dbPath), 'backups');
