import { useRef, type KeyboardEvent } from 'react';
import type { PublishedB1Table } from '../../../shared/api/published';
import { formatNumberVi } from '../../../shared/text/format';
import { cellKey, cellsOf, cellState, cellWords, parseNumberVi, valueAt, type B1Cell } from './b1-table';

/**
 * The Phiếu B1 point table laid out like the paper table (one row per option under its item, one
 * box per region, the base per region on top), its points typed in place: Enter or Tab to the
 * next box, Shift+Enter back; a changed box is coloured with the value in use beside it, a box
 * that is not a number is marked. Items, options and regions come from the Excel load.
 */

const T = {
  legend: 'Bảng điểm Phiếu B1',
  how: 'Sửa điểm ngay trong bảng: Enter hoặc Tab sang ô sau, Shift+Enter về ô trước; số thập phân gõ dấu phẩy (2,5), điểm âm gõ dấu trừ (-5). Ô đã sửa được tô màu, bên cạnh là điểm đang dùng.',
  excel:
    'Thêm hoặc bớt câu hỏi, phương án hay vùng không làm ở đây: nạp lại cả bảng từ tệp Excel ở tab Excel, mục "Nạp bảng điểm Phiếu B1 / danh mục Phiếu A từ Excel".',
  none: 'Bộ tiêu chí này chưa có bảng điểm Phiếu B1. Hãy nạp bảng từ tệp Excel ở tab Excel, mục "Nạp bảng điểm Phiếu B1 / danh mục Phiếu A từ Excel"; sau đó sửa điểm từng ô tại đây.',
  item: 'Câu hỏi',
  option: 'Phương án',
  base: 'Điểm cơ sở',
  was: 'Điểm đang dùng',
  changed: (n: number) => `Đã sửa ${n} ô (gửi cùng các giá trị khác khi xem trước và lưu):`,
  unchanged: 'Chưa sửa ô nào: bảng điểm không được gửi.',
};

interface Props {
  table: PublishedB1Table | null;
  texts: Readonly<Record<string, string>>;
  onChange: (key: string, text: string) => void;
  /** Where Enter goes from the last box (the document's first box). */
  onPastLast?: () => void;
}

export function B1TableEditor({ table, texts, onChange, onPastLast }: Props) {
  const body = useRef<HTMLTableElement>(null);
  if (!table) {
    return (
      <fieldset className="published-group">
        <legend>{T.legend}</legend>
        <p className="muted">{T.none}</p>
      </fieldset>
    );
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || !target.matches('[data-b1-cell]')) return;
    e.preventDefault();
    const boxes = Array.from(body.current?.querySelectorAll<HTMLInputElement>('input[data-b1-cell]') ?? []);
    const next = boxes[boxes.indexOf(target as HTMLInputElement) + (e.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else if (!e.shiftKey) onPastLast?.();
  };

  const box = (c: B1Cell) => {
    const key = cellKey(c);
    const state = cellState(table, texts, c);
    const before = valueAt(table, c);
    const words = cellWords(table, c);
    return (
      <td key={key} className={`num published-b1-cell published-b1-${state}`}>
        <input
          className="control published-b1-input"
          inputMode="decimal"
          autoComplete="off"
          aria-label={words}
          title={words}
          aria-invalid={state === 'invalid' ? true : undefined}
          data-b1-cell={key}
          value={texts[key] ?? ''}
          onChange={(e) => onChange(key, e.target.value)}
          onFocus={(e) => e.target.select()}
        />
        {state !== 'same' && before !== undefined && (
          <span className="published-b1-was" title={T.was}>
            {formatNumberVi(before)}
          </span>
        )}
      </td>
    );
  };

  // The changed cells in reading order (the base row, then each option), with the value in use and the typed one.
  const changed = cellsOf(table)
    .filter((c) => cellState(table, texts, c) === 'changed')
    .map((c) => ({ key: cellKey(c), words: cellWords(table, c), before: valueAt(table, c), after: parseNumberVi(texts[cellKey(c)] ?? '') ?? 0 }));

  return (
    <fieldset className="published-group published-b1">
      <legend>{T.legend}</legend>
      <p className="muted">{T.how}</p>
      <p className="muted">{T.excel}</p>
      <div className="scroll">
        <table className="data published-b1-table" ref={body} onKeyDown={onKeyDown}>
          <thead>
            <tr>
              <th>{T.item}</th>
              <th>{T.option}</th>
              {table.regions.map((r) => (
                <th key={r.id} className="num">
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="published-b1-base">
              <th colSpan={2} scope="row">
                {T.base}
              </th>
              {table.regions.map((_, region) => box({ kind: 'base', region }))}
            </tr>
            {table.items.map((item, i) =>
              item.options.map((option, o) => (
                <tr key={`${item.id}:${option.id}`} className={o === 0 ? 'published-b1-first' : undefined}>
                  {o === 0 && (
                    <th scope="rowgroup" rowSpan={item.options.length} className="published-b1-item">
                      <span className="published-b1-code">{item.id}</span> {item.label}
                    </th>
                  )}
                  <td>
                    <span className="published-b1-code">{option.id}.</span> {option.label}
                  </td>
                  {table.regions.map((_, region) => box({ kind: 'points', item: i, option: o, region }))}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      {changed.length === 0 ? (
        <p className="muted">{T.unchanged}</p>
      ) : (
        <div className="published-b1-changes" role="status">
          <p>{T.changed(changed.length)}</p>
          <ul>
            {changed.map((c) => (
              <li key={c.key}>
                {c.words}: {c.before === undefined ? '—' : formatNumberVi(c.before)} → <strong>{formatNumberVi(c.after)}</strong>
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
