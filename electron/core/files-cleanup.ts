import fs from 'node:fs';
import path from 'node:path';

/** Uploads and job files are kept this long: an import or a download is done within a day. */
export const FILE_MAX_AGE_MS = 86_400_000;

/** Uploaded workbooks wait in the data folder's imports/ (never an arbitrary path from the renderer). */
export const uploadDirFor = (dbPath: string): string => path.join(path.dirname(path.resolve(dbPath)), 'imports');
/** Each job writes its files in a folder of its own under the data folder's exports/. */
export const exportsDirFor = (dbPath: string): string => path.join(path.dirname(path.resolve(dbPath)), 'exports');

/** Removes the entries of a folder (files, or folders with what they hold) last changed before `before`; returns how many. */
export function removeOlderThan(dir: string, before: number): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0; // no folder yet
  }
  let removed = 0;
  for (const name of names) {
    const entry = path.join(dir, name);
    try {
      if (fs.statSync(entry).mtimeMs >= before) continue;
      fs.rmSync(entry, { recursive: true, force: true });
      removed++;
    } catch {
      // removed meanwhile by another program of the same data folder
    }
  }
  return removed;
}

/**
 * At start (the desktop app, the HTTP host): uploads never imported and job files (PDF, Excel)
 * older than a day are removed, so that they do not pile up on the disk.
 */
export function cleanOldFiles(dbPath: string, now: number = Date.now()): { uploads: number; exports: number } {
  const before = now - FILE_MAX_AGE_MS;
  return { uploads: removeOlderThan(uploadDirFor(dbPath), before), exports: removeOlderThan(exportsDirFor(dbPath), before) };
}
