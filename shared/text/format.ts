/** 2000000 → "2.000.000" (Vietnamese grouping), independent of the runtime's locale data. */
export function formatNumberVi(value: number): string {
  const negative = value < 0;
  const [int, frac] = Math.abs(value).toString().split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  return (negative ? '-' : '') + grouped + (frac ? `,${frac}` : '');
}

/** "2023-02-05" → "05/02/2023"; a bare year stays as it is. */
export function formatDateVi(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Vietnam's offset from UTC (no summer time): the office's wall clock wherever the host or the screen runs. */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const two = (n: number): string => String(n).padStart(2, '0');

/** A moment (ISO or milliseconds) on the office's clock: day, month, year, hours, minutes, two digits each. */
function officeClock(at: string | number): { dd: string; mm: string; yyyy: number; hh: string; mi: string } | null {
  const t = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + VN_OFFSET_MS);
  return { dd: two(d.getUTCDate()), mm: two(d.getUTCMonth() + 1), yyyy: d.getUTCFullYear(), hh: two(d.getUTCHours()), mi: two(d.getUTCMinutes()) };
}

/**
 * A moment (ISO, UTC as stored) as the office reads it: "05/02/2026 14:07", Vietnam time whatever
 * the machine's time zone. The one rule for dates with times: screens, history, messages.
 */
export function formatDateTimeVi(iso: string): string {
  const c = officeClock(iso);
  return c ? `${c.dd}/${c.mm}/${c.yyyy} ${c.hh}:${c.mi}` : iso;
}

/** The same moment inside a sentence: "14:07 ngày 05/02/2026" ("khoá đến 14:07 ngày 05/02/2026"). */
export function formatTimeOnDateVi(at: string | number): string {
  const c = officeClock(at);
  return c ? `${c.hh}:${c.mi} ngày ${c.dd}/${c.mm}/${c.yyyy}` : String(at);
}

/** The first instant (ISO UTC) of a day of the office's calendar ("2026-02-05" → "2026-02-04T17:00:00.000Z"). */
export function startOfDayVi(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00.000Z`) - VN_OFFSET_MS).toISOString();
}

/** The first instant after a day of the office's calendar (the end of an inclusive range). */
export function endOfDayVi(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00.000Z`) - VN_OFFSET_MS + 24 * 60 * 60 * 1000).toISOString();
}
