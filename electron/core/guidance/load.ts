// Reads the guidance books (resources/guidance/*.json), checks them, and picks a rule set's book.
import type BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { GuidanceView } from '../../../shared/api/guidance';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { bookFor } from '../../../shared/guidance/lookup';
import { GuidanceBookSchema, type GuidanceBook } from '../../../shared/guidance/schema';
import { nfcDeep } from '../../../shared/text/normalize';
import { AppError } from '../errors';
import { loadAppRuleSets, roundRuleSet } from '../rulesets/load';

export const guidanceDir = (resourcesDir: string): string => path.join(resourcesDir, 'guidance');

/** Parses and checks one book; a bad file is refused with the paths at fault. */
export function parseGuidanceBook(text: string, source: string): GuidanceBook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('RULESET_INVALID', `Tệp hướng dẫn ${source} không phải JSON hợp lệ (${(e as Error).message}).`);
  }
  const parsed = GuidanceBookSchema.safeParse(nfcDeep(raw));
  if (!parsed.success) {
    throw new AppError(
      'RULESET_INVALID',
      `Tệp hướng dẫn ${source} sai cấu trúc: sửa các mục được nêu rồi mở lại.`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** Every book of the folder, in file-name order. */
export function loadGuidanceBooks(resourcesDir: string): GuidanceBook[] {
  const dir = guidanceDir(resourcesDir);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  return files.map((f) => parseGuidanceBook(fs.readFileSync(path.join(dir, f), 'utf8'), `guidance/${f}`));
}

/** The guidance of a rule set, as the contract returns it. */
export function guidanceOf(books: readonly GuidanceBook[], ruleSet: RuleSet): GuidanceView {
  const book = bookFor(books, ruleSet);
  if (!book) {
    throw new AppError('NOT_FOUND', `Chưa có hướng dẫn nhập phiếu cho bộ tiêu chí ${ruleSet.id} (giai đoạn ${ruleSet.validFrom.slice(0, 4)}–${ruleSet.validTo.slice(0, 4)}): thêm tệp vào thư mục guidance.`);
  }
  const { $comment: _comment, ...rest } = book;
  void _comment;
  return { ...rest, ruleSet: { id: ruleSet.id, version: ruleSet.version, title: ruleSet.title, areaLabels: ruleSet.areaLabels } };
}

export type GuidanceTarget = { roundId: number } | { ruleSetId: string };

/** The rule set a call names: the round's, or one by id, as the application uses it. */
export function ruleSetOfTarget(sqlite: BetterSqlite3.Database, resourcesDir: string, dbPath: string, which: GuidanceTarget): RuleSet {
  if ('roundId' in which) {
    const rs = roundRuleSet(sqlite, resourcesDir, dbPath, which.roundId);
    if (!rs) throw new AppError('NOT_FOUND', `Không tìm thấy đợt rà soát số ${which.roundId} hoặc bộ tiêu chí của đợt: chọn lại đợt rà soát.`);
    return rs;
  }
  const rs = loadAppRuleSets(sqlite, resourcesDir, dbPath).get(which.ruleSetId);
  if (!rs) throw new AppError('NOT_FOUND', `Không có bộ tiêu chí "${which.ruleSetId}": chọn một bộ tiêu chí trong danh sách.`);
  return rs;
}
