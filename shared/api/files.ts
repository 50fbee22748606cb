// Files across the process boundary: the upload a long job reads, and the files a job writes.
// No zod here: the sandboxed preload imports this file.
import type { Envelope } from './envelope';

/**
 * The largest file the app takes in (an Excel household list of a district), on every transport:
 * the HTTP host counts it while the body streams to disk, the desktop app before it writes.
 */
export const MAX_UPLOAD_BYTES = 120 * 1024 * 1024;

/** The largest JSON call body the HTTP host reads (files never travel as JSON: see MAX_UPLOAD_BYTES). */
export const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

/** What the officer reads when a file is over the limit: what is wrong and how to fix it. */
export const UPLOAD_TOO_LARGE_MESSAGE = `Tệp quá lớn: ứng dụng nhận tệp tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Hãy tách danh sách thành nhiều tệp nhỏ hơn (ví dụ mỗi xã một tệp) rồi nhập lần lượt.`;
export const UPLOAD_EMPTY_MESSAGE = 'Tệp rỗng: hãy chọn lại đúng tệp Excel (.xlsx) cần nhập.';

/** An uploaded file is known by this id (never by a path from the renderer). */
export const UPLOAD_ID_PATTERN = /^[a-f0-9]{32}$/u;
/** A job is known by this id (its output folder has the same name). */
export const JOB_ID_PATTERN = /^[a-z0-9]+-[a-f0-9]{8}$/u;

export interface UploadReceipt {
  /** The id a job's input refers to (e.g. excel.import's `upload`). */
  upload: string;
  size: number;
}

/** A file a finished job wrote, with its bytes (the renderer makes a Blob URL of them). */
export interface JobFileBytes {
  name: string;
  mime: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The desktop transport's file doors, beside window.api.call: bytes travel over IPC as they are
 * (no base64, no JSON). Over HTTP the same doors are POST HTTP_UPLOAD_PATH and GET HTTP_JOB_FILE_PREFIX.
 */
export interface FileTransport {
  upload(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<Envelope<UploadReceipt>>;
  jobFile(jobId: string, name: string): Promise<Envelope<JobFileBytes>>;
}
