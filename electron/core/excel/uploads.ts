import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES, UPLOAD_EMPTY_MESSAGE, UPLOAD_ID_PATTERN, UPLOAD_TOO_LARGE_MESSAGE, type UploadReceipt } from '../../../shared/api/files';
import { AppError } from '../errors';

/** Uploaded workbooks wait in the data folder's imports/ (never an arbitrary path from the renderer). */
export const uploadDirFor = (dbPath: string): string => path.join(path.dirname(path.resolve(dbPath)), 'imports');

/** The file over MAX_UPLOAD_BYTES: the transports answer it as 413 (HTTP) or as the envelope's error (IPC). */
export class UploadTooLarge extends AppError {
  constructor() {
    super('INVALID_INPUT', UPLOAD_TOO_LARGE_MESSAGE, [{ path: 'file', message: UPLOAD_TOO_LARGE_MESSAGE }]);
  }
}

const emptyUpload = (): AppError => new AppError('INVALID_INPUT', UPLOAD_EMPTY_MESSAGE, [{ path: 'file', message: UPLOAD_EMPTY_MESSAGE }]);

/** A fresh upload id and its folder; uploads older than a day are dropped on the way. */
function newUpload(dbPath: string): { token: string; file: string } {
  const token = crypto.randomBytes(16).toString('hex');
  const dir = uploadDirFor(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    const file = path.join(dir, f);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > 86_400_000) fs.rmSync(file, { force: true });
    } catch {
      // another upload removed it meanwhile
    }
  }
  return { token, file: path.join(dir, `${token}.xlsx`) };
}

/** Stores a file given whole (the desktop app's bytes over IPC, in-process callers); same limit as a stream. Returns its id. */
export function saveUpload(dbPath: string, data: Uint8Array): string {
  if (data.length > MAX_UPLOAD_BYTES) throw new UploadTooLarge();
  if (data.length === 0) throw emptyUpload();
  const { token, file } = newUpload(dbPath);
  fs.writeFileSync(file, data);
  return token;
}

/**
 * Streams a file to the uploads folder, counting it on the way: past MAX_UPLOAD_BYTES it stops
 * with UploadTooLarge and nothing stays on disk (the partial file is removed). The file only gets
 * its final name once complete, so an import never reads half an upload.
 */
export async function receiveUpload(dbPath: string, source: AsyncIterable<Uint8Array>): Promise<UploadReceipt> {
  const { token, file } = newUpload(dbPath);
  const partial = `${file}.part`;
  let size = 0;
  try {
    await pipeline(
      source,
      async function* count(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > MAX_UPLOAD_BYTES) throw new UploadTooLarge();
          yield chunk;
        }
      },
      fs.createWriteStream(partial),
    );
    if (size === 0) throw emptyUpload();
    fs.renameSync(partial, file);
    return { upload: token, size };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/** The file of an upload id (the id is checked: it can never name a path outside the uploads folder). */
export function uploadFile(dbPath: string, token: string): string {
  if (!UPLOAD_ID_PATTERN.test(token)) throw new AppError('INVALID_INPUT', 'Mã tệp tải lên không hợp lệ: hãy chọn lại tệp.');
  return path.join(uploadDirFor(dbPath), `${token}.xlsx`);
}
