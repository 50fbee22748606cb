import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES, UPLOAD_EMPTY_MESSAGE, UPLOAD_ID_PATTERN, UPLOAD_TOO_LARGE_MESSAGE, type UploadReceipt } from '../../../shared/api/files';
import { AppError } from '../errors';
import { FILE_MAX_AGE_MS, removeOlderThan, uploadDirFor } from '../files-cleanup';

export { uploadDirFor };

/**
 * Uploads waiting to be imported, per database (one data folder): at most this many files and
 * bytes. An import removes its upload; those never imported go after a day.
 */
export const UPLOAD_LIMITS = { files: 20, bytes: 5 * MAX_UPLOAD_BYTES } as const;

/** Refuses (LIMIT_REACHED, in Vietnamese) a new upload when the waiting ones are at their limit. */
export function checkUploadQuota(dbPath: string): void {
  const dir = uploadDirFor(dbPath);
  let files = 0;
  let bytes = 0;
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    try {
      bytes += fs.statSync(path.join(dir, name)).size;
      files++;
    } catch {
      // removed meanwhile
    }
  }
  if (files >= UPLOAD_LIMITS.files) {
    throw new AppError(
      'LIMIT_REACHED',
      `Đã có ${files} tệp tải lên đang chờ nhập (tối đa ${UPLOAD_LIMITS.files}). Hãy nhập xong các tệp đã tải lên, hoặc chờ: tệp chưa nhập quá một ngày sẽ tự được xoá; rồi tải lại tệp này.`,
    );
  }
  if (bytes >= UPLOAD_LIMITS.bytes) {
    throw new AppError(
      'LIMIT_REACHED',
      `Các tệp tải lên đang chờ nhập đã dùng hết dung lượng dành cho chúng (${UPLOAD_LIMITS.bytes / 1024 / 1024} MB). Hãy nhập xong các tệp đã tải lên, hoặc chờ: tệp chưa nhập quá một ngày sẽ tự được xoá; rồi tải lại tệp này.`,
    );
  }
}

/** The file over MAX_UPLOAD_BYTES: the transports answer it as 413 (HTTP) or as the envelope's error (IPC). */
export class UploadTooLarge extends AppError {
  constructor() {
    super('INVALID_INPUT', UPLOAD_TOO_LARGE_MESSAGE, [{ path: 'file', message: UPLOAD_TOO_LARGE_MESSAGE }]);
  }
}

/** An upload id whose file is gone (uploads not imported within a day are removed): one sentence for every reader. */
export const uploadGone = (): AppError =>
  new AppError('NOT_FOUND', 'Không tìm thấy tệp đã tải lên (tệp chưa nhập được tự xoá sau một ngày): hãy chọn lại tệp rồi làm lại thao tác.');

const emptyUpload = (): AppError => new AppError('INVALID_INPUT', UPLOAD_EMPTY_MESSAGE, [{ path: 'file', message: UPLOAD_EMPTY_MESSAGE }]);

/** A fresh upload id and its folder, within the quota; uploads older than a day are dropped on the way. */
function newUpload(dbPath: string): { token: string; file: string } {
  const token = crypto.randomBytes(16).toString('hex');
  const dir = uploadDirFor(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  removeOlderThan(dir, Date.now() - FILE_MAX_AGE_MS);
  checkUploadQuota(dbPath);
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
