// The monthly (ad hoc) review's days as data (resources/procedure/adhoc-review.json), with their
// provenance: how long a request may wait, from when it is counted, when the monthly report is due.
// The day counts are never written in code: a change of the law is a change of that file.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isRealIsoDate } from '../../../shared/entry/dates';
import { AppError } from '../errors';

export const ProcedureSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  provenance: z.object({ documents: z.array(z.string()).min(1), confidence: z.string(), sources: z.array(z.string()) }),
  /** Days within which a request (Mẫu 01 / 04) is settled: decision and certificate, or a written refusal. */
  settleDays: z.number().int().min(1).max(120),
  dayKind: z.literal('calendar'),
  /** 'received': from the day the request was received; 'review-start': from the next monthly review start (the reviewStartDay). */
  countFrom: z.enum(['received', 'review-start']),
  reviewStartDay: z.number().int().min(1).max(28),
  monthlyReport: z.object({ dueDay: z.number().int().min(1).max(28), reportMonths: z.array(z.number().int().min(1).max(12)) }),
  middleIncome: z.object({ postingWorkingDays: z.number().int().min(1), recheckWorkingDays: z.number().int().min(1) }),
});
export type Procedure = z.output<typeof ProcedureSchema>;

export const PROCEDURE_FILE = path.join('procedure', 'adhoc-review.json');

const cache = new Map<string, Procedure>();

/** The shipped procedure data (read once per resources folder); a malformed file is refused with the place of the fault. */
export function loadProcedure(resourcesDir: string): Procedure {
  const file = path.join(resourcesDir, PROCEDURE_FILE);
  const hit = cache.get(file);
  if (hit) return hit;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('INVALID_INPUT', `Không đọc được tệp quy trình ${file}: hãy lấy lại tệp gốc, hoặc sửa tệp cho đúng dạng JSON. Chi tiết: ${(e as Error).message}`);
  }
  const parsed = ProcedureSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new AppError('INVALID_INPUT', `Tệp quy trình ${file} sai ở ${first.path.join('.') || '(gốc)'}: ${first.message}. Hãy sửa mục đó hoặc lấy lại tệp gốc.`);
  }
  cache.set(file, parsed.data);
  return parsed.data;
}

const DAY = 86_400_000;
const toTime = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const toIso = (t: number): string => new Date(t).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => toIso(toTime(iso) + days * DAY);
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((toTime(to) - toTime(from)) / DAY);

/** The day the count starts: the receipt, or the next monthly review start on or after it. */
export function countStart(p: Procedure, receivedOn: string): string {
  if (p.countFrom === 'received') return receivedOn;
  const day = String(p.reviewStartDay).padStart(2, '0');
  const same = `${receivedOn.slice(0, 7)}-${day}`;
  if (receivedOn <= same) return same;
  const y = Number(receivedOn.slice(0, 4));
  const m = Number(receivedOn.slice(5, 7));
  return m === 12 ? `${y + 1}-01-${day}` : `${y}-${String(m + 1).padStart(2, '0')}-${day}`;
}

/** The last day a request received on this date may be settled. */
export function settleDeadline(p: Procedure, receivedOn: string): string {
  if (!isRealIsoDate(receivedOn)) throw new AppError('INVALID_INPUT', `Ngày nhận đơn "${receivedOn}" không phải ngày có thật: hãy ghi ngày theo dạng năm-tháng-ngày, ví dụ 2026-03-10.`);
  return addDays(countStart(p, receivedOn), p.settleDays);
}

/** The monthly report of a month ("2027-03"): due on the dueDay of the next month; required only in the report months. */
export function monthlyReportDue(p: Procedure, month: string): { dueOn: string; required: boolean } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return { dueOn: `${ny}-${String(nm).padStart(2, '0')}-${String(p.monthlyReport.dueDay).padStart(2, '0')}`, required: p.monthlyReport.reportMonths.includes(nm) };
}
