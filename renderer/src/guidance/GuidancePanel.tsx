import { useEffect, useRef } from 'react';
import type { GuidanceView } from '../../../shared/api/guidance';
import { codesOf, type FoundGuidance } from '../../../shared/guidance/lookup';
import { GUIDANCE_FORM_TITLES, GUIDANCE_STATUS_LABELS } from '../../../shared/guidance/schema';
import type { ApiCallError } from '../api';
import { messages } from '../messages';
import { HandbookPrint } from './HandbookPrint';
import './guidance.css';

interface Props {
  fieldId: string;
  /** The box's guidance; null while it loads or when the box has none. */
  found: FoundGuidance | null;
  /** The round's guidance, once loaded. */
  view: GuidanceView | null;
  /** The round, for printing its period's handbook. */
  roundId: number;
  error: ApiCallError | null;
  onClose: () => void;
}

/** The guidance of one box (F1): what to ask, what counts, the codes, an example, the source and whether it is confirmed. Esc closes. */
export function GuidancePanel({ fieldId, found, view, roundId, error, onClose }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [fieldId]);
  const entry = found?.entry ?? null;
  const codes = entry && view ? codesOf(entry.codes, view.ruleSet.areaLabels) : [];
  const title = entry ? entry.label : 'Hướng dẫn nhập';
  return (
    <aside
      ref={ref}
      className="guidance-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="guidance-title"
      tabIndex={-1}
      data-guidance-for={fieldId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="guidance-head">
        <h2 id="guidance-title">{title}</h2>
        <button type="button" className="guidance-close" onClick={onClose} aria-label="Đóng hướng dẫn (Esc)">
          ×
        </button>
      </header>
      {error ? (
        <p className="guidance-missing" role="alert">
          Không tải được hướng dẫn: {messages.errorMessage(error.code)}
        </p>
      ) : !view ? (
        <p className="guidance-loading">Đang tải hướng dẫn…</p>
      ) : !entry ? (
        <p className="guidance-missing">
          Ô này ({fieldId}) chưa có hướng dẫn trong sổ tay của giai đoạn {view.period.from.slice(0, 4)}–{view.period.to.slice(0, 4)}. Xem hướng dẫn của Ban chỉ đạo rà soát xã.
        </p>
      ) : (
        <>
          <p className="guidance-meta">
            <span className={`guidance-status guidance-status-${entry.status}`} data-status={entry.status}>
              {GUIDANCE_STATUS_LABELS[entry.status]}
            </span>
            <span>
              {GUIDANCE_FORM_TITLES[entry.form]} · {view.ruleSet.title}
            </span>
          </p>
          <dl className="guidance-body">
            <dt>Hỏi</dt>
            <dd data-part="ask">{entry.ask}</dd>
            <dt>Tính là</dt>
            <dd data-part="counts">{entry.counts}</dd>
            {codes.length > 0 && (
              <>
                <dt>Mã</dt>
                <dd data-part="codes">
                  <ul className="guidance-codes">
                    {codes.map((c) => (
                      <li key={c.code}>
                        <kbd>{c.code}</kbd> {c.label}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            <dt>Ví dụ</dt>
            <dd data-part="example">{entry.example}</dd>
            <dt>Căn cứ</dt>
            <dd data-part="source">
              {entry.source.document}, {entry.source.article}
            </dd>
          </dl>
          {entry.status === 'to_verify' && <p className="guidance-note">Hướng dẫn này chưa được đối chiếu với văn bản gốc: khi có văn bản, làm theo văn bản.</p>}
        </>
      )}
      <p className="guidance-foot">Esc: đóng · F1 trên ô khác: xem hướng dẫn của ô đó</p>
      <HandbookPrint roundId={roundId} />
    </aside>
  );
}
