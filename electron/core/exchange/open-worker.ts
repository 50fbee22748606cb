// The helper thread of a batch import (open-ahead.ts): opens the next package (scrypt key, AES-GCM
// decryption, the seal's checks: format.ts openPackageBytes) while the calling thread writes this
// one. Each answer is posted on the port, then the shared flag is raised (the caller waits on it
// synchronously: the import is synchronous).
import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { AppError } from '../errors';
import { openPackageBytes } from './format';

export interface OpenRequest {
  file: string;
  passphrase: string;
}
export type OpenAnswer =
  | { file: string; ok: true; bytes: ArrayBuffer; length: number }
  | { file: string; ok: false; code: AppError['code'] | null; message: string; issues?: AppError['issues'] };
export interface OpenWorkerData {
  exchangeOpen: { flag: Int32Array; port: MessagePort };
}

function serve({ flag, port }: OpenWorkerData['exchangeOpen']): void {
  const answer = (a: OpenAnswer, transfer: ArrayBuffer[] = []): void => {
    port.postMessage(a, transfer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  port.on('message', ({ file, passphrase }: OpenRequest) => {
    try {
      const bytes = openPackageBytes(file, passphrase);
      // Handed over whole (no copy) when the bytes are their own ArrayBuffer, as a package's are.
      const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
      const buffer = own ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
      answer({ file, ok: true, bytes: buffer, length: bytes.length }, [buffer]);
    } catch (e) {
      if (e instanceof AppError) answer({ file, ok: false, code: e.code, message: e.message, issues: e.issues });
      else answer({ file, ok: false, code: null, message: String((e as Error)?.message ?? e) });
    }
  });
}

const data = (isMainThread ? undefined : workerData) as Partial<OpenWorkerData> | undefined;
if (data?.exchangeOpen) serve(data.exchangeOpen);
