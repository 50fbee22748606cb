import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Uploaded workbooks wait in the data folder's imports/ (never an arbitrary path from the renderer). */
export const uploadDirFor = (dbPath: string): string => path.join(path.dirname(path.resolve(dbPath)), 'imports');

export function saveUpload(dbPath: string, data: Buffer): string {
  const token = crypto.randomBytes(16).toString('hex');
  const dir = uploadDirFor(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  // Uploads older than a day are dropped on the way.
  for (const f of fs.readdirSync(dir)) {
    const file = path.join(dir, f);
    if (Date.now() - fs.statSync(file).mtimeMs > 86_400_000) fs.rmSync(file, { force: true });
  }
  fs.writeFileSync(path.join(dir, `${token}.xlsx`), data);
  return token;
}

export function uploadFile(dbPath: string, token: string): string {
  if (!/^[a-f0-9]{32}$/u.test(token)) throw new Error('bad upload token');
  return path.join(uploadDirFor(dbPath), `${token}.xlsx`);
}
