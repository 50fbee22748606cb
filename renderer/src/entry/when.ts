import { formatDateVi } from '../../../shared/text/format';

const two = (n: number): string => String(n).padStart(2, '0');

/** A moment (ISO time) as the officer reads it, in local time: "05/10/2023 14:07". */
export function dateTimeVi(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDateVi(`${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`)} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
