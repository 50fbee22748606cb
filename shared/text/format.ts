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
