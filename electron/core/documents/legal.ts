// Loads the legal bases the documents cite (shared/documents/legal-bases.ts): the shipped file,
// or the administrator's copy beside the database, which replaces it.
import fs from 'node:fs';
import path from 'node:path';
import { LegalBasesSchema, type LegalBases } from '../../../shared/documents/legal-bases';
import { AppError } from '../errors';

const FILE = path.join('documents', 'legal-bases.json');

/** The file in use: the administrator's copy when there is one, else the shipped one. */
export function legalBasesFile(resourcesDir: string, dbPath: string): string {
  const own = path.join(path.dirname(path.resolve(dbPath)), FILE);
  return fs.existsSync(own) ? own : path.join(resourcesDir, FILE);
}

export function loadLegalBases(resourcesDir: string, dbPath: string): LegalBases {
  const file = legalBasesFile(resourcesDir, dbPath);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('INVALID_INPUT', `Không đọc được tệp căn cứ pháp lý ${file}: hãy lấy lại tệp gốc, hoặc sửa tệp cho đúng dạng JSON rồi in lại. Chi tiết: ${(e as Error).message}`);
  }
  const parsed = LegalBasesSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new AppError('INVALID_INPUT', `Tệp căn cứ pháp lý ${file} sai ở ${first.path.join('.') || '(gốc)'}: ${first.message}. Hãy sửa mục đó (hoặc lấy lại tệp gốc) rồi in lại.`);
  }
  return parsed.data;
}
