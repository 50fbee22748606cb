import { useEffect, useRef } from 'react';
import type { EntryLayout } from '../../../shared/api/entry';
import { CAUSES, causeTitle, type Cause } from '../../../shared/domain/causes';
import { CODE_SETS, areaCodes, labelOf, type CodeOption } from '../../../shared/entry/codes';
import type { MergeChoice, MergeField } from '../../../shared/entry/merge';
import { FLAG_FIELDS, MEMBER_CODES, MEMBER_FIELDS, memberLabel, type MemberField } from '../../../shared/entry/raw';
import { entryMessages } from './messages';

const t = entryMessages.conflict;

/** The printed label of a typed field ("Thành viên 2: Dân tộc"), and its code set when it has one. */
export function fieldOf(path: string, layout: EntryLayout): { label: string; codes?: readonly CodeOption<unknown>[]; tick?: boolean } {
  const m = /^m\.(\d+)\.(\w+)$/u.exec(path);
  if (m && (MEMBER_FIELDS as readonly string[]).includes(m[2]!)) {
    const k = m[2] as MemberField;
    return { label: `Thành viên ${Number(m[1]) + 1}: ${memberLabel(k)}`, codes: MEMBER_CODES[k] };
  }
  const [head, ...rest] = path.split('.');
  const id = rest.join('.');
  const mau = entryMessages.mau;
  const hh = entryMessages.household;
  const b = entryMessages.phieuB;
  switch (head) {
    case 'request':
      return id === 'kind' ? { label: mau.kind, codes: CODE_SETS.request } : { label: mau[id as 'receivedOn' | 'reason' | 'idIssuedBy'] ?? path };
    case 'address':
      return { label: mau.address };
    case 'currentAddress':
      return { label: mau.currentAddress };
    case 'reviewer':
      return { label: hh.reviewer };
    case 'area':
      return { label: hh.area(layout.areaLabels), codes: areaCodes(layout.areaLabels) };
    case 'flags':
      return { label: (FLAG_FIELDS as readonly string[]).includes(id) ? hh[id as (typeof FLAG_FIELDS)[number]] : path, codes: CODE_SETS.yesNo };
    case 'causes':
      return { label: `${b.causes.split(' (')[0]}: ${(CAUSES as readonly string[]).includes(id) ? causeTitle(id as Cause) : id}`, tick: true };
    case 'a': {
      const [part, ...more] = rest;
      const item = more.join('.');
      if (part === 'scoreA') return { label: b.scoreA };
      if (part === 'monthlyIncome') return { label: layout.method === 'income' ? b.incomeMain : b.income };
      if (part === 'housingAreaM2') return { label: b.housingArea };
      if (part === 'b1Region') return { label: t.region };
      if (part === 'b2') {
        const i = layout.b2.find((x) => x.id === item);
        return { label: i ? `B2, chỉ số ${i.number}: ${i.label}` : path, codes: CODE_SETS.deprived };
      }
      if (part === 'screening') return { label: `Phiếu A: ${layout.screening?.items.find((x) => x.id === item)?.label ?? item}`, codes: CODE_SETS.yesNo };
      if (part === 'b1') return { label: `B1: ${layout.b1?.items.find((x) => x.id === item)?.label ?? item}` };
      return { label: path };
    }
    default:
      return { label: path };
  }
}

/** A typed value as read: "1 (Nam)", "Có" for a ticked cause, "(trống)". */
function shown(value: string, f: ReturnType<typeof fieldOf>): string {
  if (f.tick) return value === '1' ? t.ticked : t.notTicked;
  if (value === '') return t.empty;
  const label = f.codes ? labelOf(f.codes, value) : undefined;
  return label ? `${value} (${label})` : value;
}

interface Props {
  /** Who saved and when (the refusal's message). */
  message: string;
  fields: readonly MergeField[];
  choices: Readonly<Record<string, MergeChoice>>;
  layout: EntryLayout;
  busy: boolean;
  onChoose: (path: string, choice: MergeChoice) => void;
  onChooseAll: (choice: MergeChoice) => void;
  onSave: () => void;
  onEdit: () => void;
}

/**
 * The officer's typed values beside the newer saved ones, one row per field that differs, each
 * with its choice (two radio buttons: arrow keys within a row, Tab to the next). Saving saves the
 * merged form on the newer version; nothing typed is lost meanwhile (the draft keeps it).
 */
export function MergePanel({ message, fields, choices, layout, busy, onChoose, onChooseAll, onSave, onEdit }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="entry-merge" role="region" aria-labelledby="entry-merge-title">
      <h2 id="entry-merge-title" ref={heading} tabIndex={-1}>
        {t.title}
      </h2>
      <p className="entry-merge-why" role="alert">
        {message}
      </p>
      <p className="hint">{t.intro(fields.length)}</p>
      {fields.length > 0 && (
        <table className="entry-merge-table">
          <thead>
            <tr>
              <th scope="col">{t.field}</th>
              <th scope="col">{t.mine}</th>
              <th scope="col">{t.theirs}</th>
              <th scope="col">{t.choice}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((x) => {
              const f = fieldOf(x.path, layout);
              const choice = choices[x.path] ?? x.choice;
              const name = `merge-${x.path}`;
              return (
                <tr key={x.path} data-merge={x.path} className={x.both ? 'entry-merge-both' : undefined}>
                  <th scope="row">
                    {f.label}
                    {x.both && <small className="entry-merge-flag"> ({t.both})</small>}
                  </th>
                  <td className={choice === 'mine' ? 'chosen' : undefined}>{shown(x.mine, f)}</td>
                  <td className={choice === 'theirs' ? 'chosen' : undefined}>{shown(x.theirs, f)}</td>
                  <td>
                    <fieldset className="entry-merge-choice" aria-label={t.choiceLabel(f.label)}>
                      <label>
                        <input type="radio" name={name} value="mine" checked={choice === 'mine'} onChange={() => onChoose(x.path, 'mine')} /> {t.chooseMine}
                      </label>
                      <label>
                        <input type="radio" name={name} value="theirs" checked={choice === 'theirs'} onChange={() => onChoose(x.path, 'theirs')} /> {t.chooseTheirs}
                      </label>
                    </fieldset>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="entry-actions">
        <button type="button" className="entry-button" disabled={busy} onClick={onSave}>
          {t.save}
        </button>
        {fields.length > 0 && (
          <>
            <button type="button" className="entry-button" disabled={busy} onClick={() => onChooseAll('mine')}>
              {t.allMine}
            </button>
            <button type="button" className="entry-button" disabled={busy} onClick={() => onChooseAll('theirs')}>
              {t.allTheirs}
            </button>
          </>
        )}
        <button type="button" className="entry-button" disabled={busy} onClick={onEdit}>
          {t.edit}
        </button>
      </div>
    </section>
  );
}
