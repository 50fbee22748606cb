// Sổ tay hướng dẫn rà soát viên: the guidance of every box of the entry screen for a rule set's
// period, grouped by form, each entry with its status (issue 15 item 6).
import type { Content } from 'pdfmake/interfaces';
import type { GuidanceView } from '../../../shared/api/guidance';
import { codesOf, entriesByForm } from '../../../shared/guidance/lookup';
import { GUIDANCE_FORM_TITLES, GUIDANCE_STATUS_LABELS } from '../../../shared/guidance/schema';
import { renderPdf, type DocPart } from './pdf';

export const HANDBOOK_TITLE = 'Sổ tay hướng dẫn rà soát viên';

const line = (label: string, text: string): Content => ({ text: [{ text: `${label}: `, bold: true }, text], margin: [0, 1, 0, 1] });

/** The handbook as one portrait document. */
export function handbookParts(view: GuidanceView): DocPart[] {
  const content: Content[] = [
    { text: HANDBOOK_TITLE.toUpperCase(), bold: true, fontSize: 16, alignment: 'center', margin: [0, 0, 0, 4] },
    { text: view.title.replace(`${HANDBOOK_TITLE} — `, ''), alignment: 'center', margin: [0, 0, 0, 2] },
    { text: `Bộ tiêu chí: ${view.ruleSet.title} (${view.ruleSet.id}, phiên bản ${view.ruleSet.version})`, alignment: 'center', fontSize: 12, margin: [0, 0, 0, 8] },
    line('Căn cứ', view.provenance.document),
    line('Nguồn biên soạn', view.provenance.compiledFrom),
    line('Lưu ý', view.provenance.note),
    {
      text: `Mỗi mục ghi trạng thái: "${GUIDANCE_STATUS_LABELS.confirmed}" là đã đọc trong văn bản; "${GUIDANCE_STATUS_LABELS.to_verify}" là hướng dẫn chưa đối chiếu văn bản gốc, cần xác nhận trước khi dùng để tập huấn. Trên màn hình nhập phiếu, bấm F1 tại một ô để xem mục của ô đó.`,
      italics: true,
      fontSize: 12,
      margin: [0, 4, 0, 6],
    },
  ];
  for (const group of entriesByForm(view.entries)) {
    const heading: Content = { text: GUIDANCE_FORM_TITLES[group.form], bold: true, fontSize: 14, margin: [0, 10, 0, 4] };
    group.entries.forEach(({ key, entry }, n) => {
      const codes = codesOf(entry.codes, view.ruleSet.areaLabels);
      const status = GUIDANCE_STATUS_LABELS[entry.status];
      content.push({
        unbreakable: true,
        margin: [0, 4, 0, 4],
        fontSize: 12,
        stack: [
          // A form's heading stays on the page of its first entry.
          ...(n === 0 ? [heading] : []),
          {
            text: [
              { text: entry.label, bold: true },
              { text: `  [${status}]`, bold: entry.status === 'to_verify', italics: true, color: entry.status === 'to_verify' ? '#9a3412' : '#166534' },
              { text: `  (ô ${key})`, fontSize: 10, color: '#555555' },
            ],
          },
          line('Hỏi', entry.ask),
          line('Tính là', entry.counts),
          ...(codes.length ? [line('Mã', codes.map((c) => `${c.code}: ${c.label}`).join('; '))] : []),
          line('Ví dụ', entry.example),
          line('Căn cứ', `${entry.source.document}, ${entry.source.article}`),
        ],
      });
    });
  }
  return [{ orientation: 'portrait', content }];
}

/** The handbook as a PDF. */
export function renderHandbook(resourcesDir: string, view: GuidanceView): Promise<{ pdf: Buffer; pages: number }> {
  return renderPdf(resourcesDir, handbookParts(view), `${HANDBOOK_TITLE} — ${view.ruleSet.id}`);
}
