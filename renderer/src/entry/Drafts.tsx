import { useEffect, useState } from 'react';
import type { UnitSummary } from '../../../shared/api/contract';
import type { DraftRow } from '../../../shared/api/entry';
import { call } from '../api';
import { useApiValue } from '../hooks/useApiValue';
import { entryMessages } from './messages';
import type { DraftBody } from './useDraft';
import { dateTimeVi } from './when';

const t = entryMessages.drafts;

/** A draft's body as the entry screen wrote it, or null (a body of another shape is not opened). */
export function draftBodyOf(d: DraftRow): DraftBody | null {
  const b = d.body as Partial<DraftBody> | null;
  return b && typeof b === 'object' && b.raw && typeof b.raw === 'object' && typeof b.communeId === 'number' ? (b as DraftBody) : null;
}

interface Props {
  roundId: number;
  communes: readonly UnitSummary[];
  /** The key of the form on screen (its draft is marked). */
  currentKey: string | null;
  /** Changes whenever a draft may have been written or removed: the list is asked again. */
  refresh: unknown;
  onOpen: (draft: DraftRow, body: DraftBody) => void;
  onDiscarded: (key: string) => void;
}

/**
 * The unsaved forms of the round, each its own draft (a new household's draft is never
 * overwritten by another's): where (commune, village), who (the head's name as typed), when
 * (dd/mm/yyyy hh:mm); each can be opened or discarded (after a confirmation).
 */
export function Drafts({ roundId, communes, currentKey, refresh, onOpen, onDiscarded }: Props) {
  const list = useApiValue('entry.drafts.list', { roundId });
  const { retry } = list;
  useEffect(retry, [refresh, retry]);
  const drafts = (list.value ?? []).flatMap((d) => {
    const body = draftBodyOf(d);
    return body ? [{ d, body }] : [];
  });
  // The villages of the communes that have drafts, for their names.
  const communeIds = [...new Set(drafts.map((x) => x.body.communeId))].sort((a, b) => a - b);
  const [villages, setVillages] = useState<Record<number, UnitSummary[]>>({});
  const wanted = communeIds.filter((id) => !(id in villages)).join(',');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    for (const id of wanted.split(',').map(Number)) {
      call('units.villages', { roundId, communeId: id }).then(
        (v) => live && setVillages((m) => ({ ...m, [id]: v })),
        () => live && setVillages((m) => ({ ...m, [id]: [] })),
      );
    }
    return () => {
      live = false;
    };
  }, [wanted, roundId]);
  const [confirming, setConfirming] = useState<string | null>(null);

  if (drafts.length === 0) return null;
  return (
    <section className="entry-drafts" aria-label={t.title(drafts.length)}>
      <h3>{t.title(drafts.length)}</h3>
      <ul>
        {drafts.map(({ d, body }) => {
          const name = (body.raw.fields['m.0.fullName'] ?? '').trim() || t.noName;
          const commune = communes.find((c) => c.id === body.communeId)?.fullName ?? '';
          const village = body.villageId === null ? t.noVillage : (villages[body.communeId]?.find((v) => v.id === body.villageId)?.fullName ?? '…');
          const who = `${d.householdId === null ? t.newHousehold : t.household}: ${name}`;
          const where = [village, commune].filter(Boolean).join(', ');
          return (
            <li key={d.key} className={d.key === currentKey ? 'entry-draft current' : 'entry-draft'} data-draft={d.key}>
              <span className="entry-draft-who">{who}</span>
              <span className="entry-draft-where">{where}</span>
              <span className="entry-draft-when">{t.savedAt(dateTimeVi(d.savedAt))}</span>
              {d.key === currentKey && <span className="muted">{t.current}</span>}
              {confirming === d.key ? (
                <span role="alertdialog" aria-label={t.confirm(name)} className="entry-draft-confirm">
                  {t.confirm(name)}{' '}
                  <button
                    type="button"
                    className="entry-button"
                    autoFocus
                    onClick={() =>
                      void call('entry.drafts.delete', { key: d.key }).then(() => {
                        setConfirming(null);
                        onDiscarded(d.key);
                        retry();
                      })
                    }
                  >
                    {t.confirmYes}
                  </button>{' '}
                  <button type="button" className="entry-button" onClick={() => setConfirming(null)}>
                    {t.confirmNo}
                  </button>
                </span>
              ) : (
                <>
                  <button type="button" className="entry-button" title={t.openTitle(who)} aria-label={t.openTitle(who)} onClick={() => onOpen(d, body)}>
                    {t.open}
                  </button>
                  <button type="button" className="entry-button" title={t.discardTitle(who)} aria-label={t.discardTitle(who)} onClick={() => setConfirming(d.key)}>
                    {t.discard}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
