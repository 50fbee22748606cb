import fs from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../shared/api/envelope';
import { writeFailure } from './errors';

/**
 * Writes a whole file or nothing: the bytes go to a hidden temporary name beside it (never
 * listed as a job's output: runner.ts skips dot-files) and take the real name only once written
 * and flushed. On a full disk or a read-only folder the partial file is removed and the error
 * says so in Vietnamese (errors.ts: writeFailure), so no 0-byte or cut-off PDF is left behind.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, code: ErrorCode = 'INTERNAL'): void {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(e, code, target, 'Không ghi được tệp');
  }
}
