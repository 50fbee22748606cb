/**
 * Causes of poverty (nguyên nhân nghèo) recorded for a poor or near-poor household; a household
 * can have several. The eight causes and their numbers are those observed in practice
 * (reference/legal-procedure.md §5.3 and report R10), the columns of the report "Phân nhóm hộ
 * nghèo, hộ cận nghèo theo các nguyên nhân nghèo" (Thông tư 02/2022, replacing Mẫu số 7.10 of
 * Thông tư 07/2021; the official form's own wording not read). The entry screen, the Excel
 * household list and report table 10 all read this list.
 */
export const CAUSES = ['land', 'capital', 'labour', 'tools', 'knowledge', 'skills', 'illness', 'other'] as const;
export type Cause = (typeof CAUSES)[number];

export const CAUSE_LABELS: Record<Cause, string> = {
  land: 'Thiếu đất sản xuất',
  capital: 'Thiếu vốn',
  labour: 'Thiếu lao động',
  tools: 'Thiếu công cụ sản xuất',
  knowledge: 'Thiếu kiến thức sản xuất',
  skills: 'Thiếu kỹ năng lao động',
  illness: 'Ốm đau, tai nạn',
  other: 'Khác',
};

/** The number a cause carries on the forms and in the report's headings (1–8). */
export const causeCode = (cause: Cause): number => CAUSES.indexOf(cause) + 1;

/** The cause numbered `code` on the forms, or undefined. */
export const causeOfCode = (code: number): Cause | undefined => (Number.isInteger(code) ? CAUSES[code - 1] : undefined);

/** "1. Thiếu đất sản xuất", as the report's headings and the entry screen print a cause. */
export const causeTitle = (cause: Cause): string => `${causeCode(cause)}. ${CAUSE_LABELS[cause]}`;

/** A household's causes without repeats, in the catalogue's order (how they are stored and shown). */
export const orderedCauses = (causes: Iterable<Cause>): Cause[] => {
  const set = new Set(causes);
  return CAUSES.filter((c) => set.has(c));
};
