// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.
import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_IDS, type DocumentId } from '../../../shared/api/documents';
import { openDatabase } from '../../core/db/connection';
import { AppError, writeFailure } from '../../core/errors';
import { writeFileAtomic } from '../../core/write-atomic';
import { roundIdByYear, unitByCode } from '../../core/documents/context';
import { renderDocument, renderDossier, type RenderTarget, type Selection } from '../../core/documents/render';
import { CliError, intOption, parse } from '../args';
import { RESOURCES_DIR } from '../paths';

const TARGET_OPTIONS = {
  db: { type: 'string' },
  round: { type: 'string' },
  unit: { type: 'string' },
  out: { type: 'string' },
} as const;

/** Resolves --db, --round YEAR and --unit CODE (on the round's map date) to ids, with one-line refusals. */
function target(values: { db?: string; round?: string; unit?: string }): RenderTarget {
  if (!values.db || !values.round || !values.unit) {
    throw new CliError('Cần --db FILE --round NĂM --unit MÃ');
  }
  if (!fs.existsSync(values.db)) throw new CliError(`Không tìm thấy CSDL ${values.db}: hãy kiểm tra đường dẫn --db`);
  const year = intOption(values.round, 'round', 0, 1900);
  const db = openDatabase(values.db, { readonly: true });
  try {
    const roundId = roundIdByYear(db.sqlite, year);
    if (roundId === null) throw new CliError(`Không có đợt rà soát năm ${year}: xem các đợt bằng "round list"`);
    const date = (db.sqlite.prepare('SELECT unit_map_date FROM rounds WHERE id = ?').get(roundId) as { unit_map_date: string }).unit_map_date;
    const unit = unitByCode(db.sqlite, values.unit, date);
    if (!unit) throw new CliError(`Không có đơn vị mã ${values.unit} ngày ${date}: tìm mã bằng "units find"`);
    return { dbPath: path.resolve(values.db), resourcesDir: RESOURCES_DIR, roundId, unitId: unit.id };
  } finally {
    db.close();
  }
}

/** The documents' refusals are already sentences in Vietnamese (what is wrong, what to do): printed as they are. */
async function refusalsAsOneLine<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_INPUT') throw new CliError(e.message);
    throw e;
  }
}

function progress(label: string): (done: number, total: number, message: string) => void {
  return (_done, _total, message) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${message}\x1b[K`);
  };
}

/** --prefill with --household CODE or --village CODE of the commune, resolved to ids. */
function selection(t: RenderTarget, values: { prefill?: boolean; household?: string; village?: string }): Selection {
  if (!values.prefill) {
    if (values.household || values.village) throw new CliError('--household hoặc --village đi cùng --prefill');
    return { prefill: false, householdId: null, villageId: null };
  }
  if (values.household && values.village) throw new CliError('Chọn --household hoặc --village, không cả hai');
  const db = openDatabase(t.dbPath, { readonly: true });
  try {
    let householdId: number | null = null;
    let villageId: number | null = null;
    if (values.household) {
      householdId = (db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND commune_id = ? AND code = ?').pluck().get(t.roundId, t.unitId, values.household) as number | undefined) ?? null;
      if (householdId === null) throw new CliError(`Không có hộ mã ${values.household} trong xã và đợt này`);
    }
    if (values.village) {
      villageId = (db.sqlite.prepare("SELECT id FROM units WHERE parent_id = ? AND level = 'village' AND code = ?").pluck().get(t.unitId, values.village) as number | undefined) ?? null;
      if (villageId === null) throw new CliError(`Không có thôn, ấp mã ${values.village} trong xã này`);
    }
    return { prefill: true, householdId, villageId };
  } finally {
    db.close();
  }
}

async function cmdDocument(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: { ...TARGET_OPTIONS, doc: { type: 'string' }, prefill: { type: 'boolean' }, household: { type: 'string' }, village: { type: 'string' } },
  });
  if (!values.doc || !(DOCUMENT_IDS as readonly string[]).includes(values.doc)) {
    throw new CliError(`--doc phải là một trong: ${DOCUMENT_IDS.join(', ')}`);
  }
  if (!values.out) throw new CliError('Cần --out FILE');
  const t = target(values);
  const chosen = selection(t, values);
  const out = await refusalsAsOneLine(() => renderDocument(t, values.doc as DocumentId, progress(values.doc!), chosen));
  try {
    fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  } catch (e) {
    throw writeFailure(e, 'INTERNAL', path.dirname(path.resolve(values.out)), 'Không tạo được thư mục');
  }
  writeFileAtomic(values.out, out.pdf);
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`Đã in: ${path.resolve(values.out)} (${out.pages} trang)`);
  return 0;
}

async function cmdDossier(argv: string[]): Promise<number> {
  const { values } = parse({ args: argv, strict: true, options: TARGET_OPTIONS });
  if (!values.out) throw new CliError('Cần --out THƯ_MỤC');
  const t = target(values);
  const dir = path.resolve(values.out);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(`--out phải là thư mục: ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  const result = await refusalsAsOneLine(() => renderDossier(t, dir, progress('Hồ sơ')));
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const f of result.files) console.log(`${path.join(dir, f.name)}\t${f.pages} trang`);
  return 0;
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = {
  document: cmdDocument,
  dossier: cmdDossier,
};

/** Lines added to "npm run -s cli -- help". */
export const usage: string[] = [
  '  document --db FILE --round NĂM --unit MÃ --doc ID --out FILE [--prefill [--household MÃ_HỘ | --village MÃ_THÔN]]',
  `                                      In một tài liệu PDF (ID: ${DOCUMENT_IDS.join(', ')});`,
  '                                      --prefill: M01/M04 điền sẵn cho một hộ, PA/PB điền theo đợt trước',
  '  dossier --db FILE --round NĂM --unit MÃ_XÃ --out THƯ_MỤC',
  '                                      Lập hồ sơ công nhận: một PDF và từng tài liệu riêng',
];
