// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.
import fs from 'node:fs';
import path from 'node:path';
import type { RoundOverviewRow, RoundPlan } from '../../../shared/api/rounds';
import { ROUND_KIND_NAMES, type RoundKind } from '../../../shared/domain/round-plan';
import { isRealIsoDate } from '../../../shared/entry/dates';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { Core } from '../../core/core';
import { AppError } from '../../core/errors';
import { createRoundFor } from '../../core/rounds/create';
import { deleteRound } from '../../core/rounds/delete';
import { roundOverview } from '../../core/rounds/list';
import { CliError, intOption, issuesBeyondMessage, parse } from '../args';
import { RESOURCES_DIR } from '../paths';

/** The database's Core (rule sets, backups), for a file that exists. */
function openCore(file: string | undefined): Core {
  if (!file) throw new CliError('Thiếu --db FILE');
  if (!fs.existsSync(file)) {
    throw new CliError(`Không tìm thấy CSDL ${file}. Tạo bằng: npm run -s cli -- setup --db ${file} --unit MÃ`);
  }
  return new Core({ dbPath: path.resolve(file), resourcesDir: RESOURCES_DIR, actor: 'cli' });
}

/** A refusal of the core as one line: the Vietnamese reasons, then the technical one. */
function oneLine(e: unknown): never {
  if (e instanceof AppError && e.issues?.length) {
    const more = issuesBeyondMessage(e);
    throw new CliError(more.length ? `${more.map((i) => i.message).join(' ')} / ${e.message}` : e.message, 1);
  }
  throw e;
}

const kindOption = (value: string | undefined): RoundKind | undefined => {
  if (value === undefined) return undefined;
  if (value !== 'periodic' && value !== 'adhoc') throw new CliError(`--kind phải là periodic (định kỳ) hoặc adhoc (thường xuyên), không phải "${value}"`);
  return value;
};

const dateOption = (value: string | undefined, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (!isRealIsoDate(value)) throw new CliError(`--${name} phải là ngày có thật dạng NĂM-THÁNG-NGÀY (ví dụ 2025-07-01), không phải "${value}"`);
  return value;
};

const yearOption = (value: string | undefined): number => {
  const year = intOption(value, 'year', 0, 1900);
  if (!year) throw new CliError('Thiếu --year NĂM');
  return year;
};

const mapText = (p: Pick<RoundPlan, 'unitMapDate' | 'hasDistrict'>): string =>
  `${formatDateVi(p.unitMapDate)} (${p.hasDistrict ? 'bản đồ cũ, còn cấp huyện' : 'bản đồ mới, không còn cấp huyện'})`;

/** round create --db FILE --year YEAR [--kind periodic|adhoc] [--map-date D] [--reference-date D] [--title T] [--from YEAR] */
async function cmdCreate(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      year: { type: 'string' },
      kind: { type: 'string' },
      'map-date': { type: 'string' },
      'reference-date': { type: 'string' },
      title: { type: 'string' },
      from: { type: 'string' },
    },
  });
  const year = yearOption(values.year);
  const request = {
    year,
    kind: kindOption(values.kind) ?? 'periodic',
    mapDate: dateOption(values['map-date'], 'map-date'),
    referenceDate: dateOption(values['reference-date'], 'reference-date'),
    title: values.title,
    fromYear: values.from === undefined ? undefined : intOption(values.from, 'from', 0, 1900),
  };
  const core = openCore(values.db);
  try {
    let made: ReturnType<typeof createRoundFor>;
    try {
      made = createRoundFor(core.db.sqlite, core.registry, request, core.actor);
    } catch (e) {
      oneLine(e);
    }
    const p = made.plan;
    console.log(`Đã tạo đợt: «${p.title}» (${p.kindName}, năm ${p.year})`);
    console.log(`  Bộ tiêu chí: ${p.ruleSet.id} (${p.ruleSet.title})`);
    console.log(`  Ngày tính tuổi: ${formatDateVi(p.referenceDate)}`);
    console.log(`  Bản đồ đơn vị hành chính: ${mapText(p)}`);
    console.log(`  Phạm vi: ${p.scope.fullName} (${p.scope.code}), ${formatNumberVi(p.communes)} xã`);
    if (p.from) console.log(`  Lấy từ đợt: «${p.from.title}»: ${formatNumberVi(made.households)} hộ, ${formatNumberVi(made.members)} nhân khẩu`);
    if (made.waiting > 0) console.log(`  Chờ chọn xã mới: ${formatNumberVi(made.waiting)} hộ của xã bị chia (màn hình Quy trình rà soát: «Hộ chờ chuyển xã mới»)`);
    else console.log('  Chưa có hộ nào');
    return 0;
  } finally {
    core.close();
  }
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - [...text].length));

/** The rounds as an aligned table (Vietnamese headings). */
export function roundTable(rows: readonly RoundOverviewRow[]): string[] {
  const head = ['Năm', 'Loại', 'Tên đợt', 'Bản đồ', 'Bộ tiêu chí', 'Phạm vi', 'Số hộ', 'Khoá'];
  const body = rows.map((r) => [
    String(r.year),
    ROUND_KIND_NAMES[r.kind],
    r.title,
    formatDateVi(r.unitMapDate),
    r.ruleSetId,
    `${r.scope.fullName} (${r.scope.code})`,
    formatNumberVi(r.households),
    r.locked ? 'đã khoá' : 'chưa',
  ]);
  const widths = head.map((h, i) => Math.max([...h].length, ...body.map((b) => [...b[i]!].length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  '));
}

/** round list --db FILE [--json] */
async function cmdList(argv: string[]): Promise<number> {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const core = openCore(values.db);
  try {
    const rows = roundOverview(core.db.sqlite);
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('Chưa có đợt rà soát nào. Tạo bằng: npm run -s cli -- round create --db FILE --year NĂM');
    else for (const line of roundTable(rows)) console.log(line);
    return 0;
  } finally {
    core.close();
  }
}

/** round delete --db FILE --year YEAR [--kind K] [--date REFERENCE_DATE] */
async function cmdDelete(argv: string[]): Promise<number> {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, year: { type: 'string' }, kind: { type: 'string' }, date: { type: 'string' } } });
  const year = yearOption(values.year);
  const kind = kindOption(values.kind);
  const date = dateOption(values.date, 'date');
  const core = openCore(values.db);
  try {
    const all = roundOverview(core.db.sqlite);
    const hits = all.filter((r) => r.year === year && (!kind || r.kind === kind) && (!date || r.referenceDate === date));
    if (hits.length === 0) {
      throw new CliError(`Không có đợt rà soát${kind ? ` ${ROUND_KIND_NAMES[kind]}` : ''} năm ${year}${date ? ` ngày ${formatDateVi(date)}` : ''} . Xem các đợt: round list`, 1);
    }
    if (hits.length > 1) {
      const which = hits.map((r) => `«${r.title}» (${r.kind}, ${r.referenceDate})`).join(', ');
      throw new CliError(`Năm ${year} có ${hits.length} đợt: ${which}; chọn một bằng --kind và --date NGÀY_TÍNH_TUỔI`, 1);
    }
    let deleted: ReturnType<typeof deleteRound>;
    try {
      deleted = deleteRound(core.db.sqlite, hits[0]!.id, core.actor, (reason) => core.backup(reason));
    } catch (e) {
      oneLine(e);
    }
    console.log(`Đã xoá đợt: «${deleted.title}» (${formatNumberVi(deleted.households)} hộ, ${formatNumberVi(deleted.members)} nhân khẩu)`);
    console.log(`  Bản sao lưu trước khi xoá: ${deleted.backupFile}`);
    return 0;
  } finally {
    core.close();
  }
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { create: cmdCreate, list: cmdList, delete: cmdDelete };

async function cmdRound(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new CliError(`Cần round create, round list hoặc round delete${sub ? ` (không có lệnh con ${sub})` : ''}`);
  return run(rest);
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = { round: cmdRound };

/** Lines added to "npm run -s cli -- help". */
export const usage: string[] = [
  '  round create --db FILE --year NĂM [--kind periodic|adhoc] [--map-date NĂM-THÁNG-NGÀY] [--reference-date NĂM-THÁNG-NGÀY] [--title TÊN] [--from NĂM]',
  '                                      Mở đợt rà soát cho đơn vị đã thiết lập: bộ tiêu chí theo ngày tính tuổi (mặc định 01/09 của năm',
  '                                      với đợt định kỳ), bản đồ theo ngày đó; --from: lấy các hộ của đợt năm trước',
  '  round list --db FILE [--json]       Các đợt: năm, loại, tên, bản đồ, bộ tiêu chí, phạm vi, số hộ, khoá',
  '  round delete --db FILE --year NĂM [--kind periodic|adhoc] [--date NGÀY_TÍNH_TUỔI]',
  '                                      Xoá một đợt chưa ghi công việc gì (sao lưu trước)',
];
