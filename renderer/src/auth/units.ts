import { useEffect, useMemo, useRef, useState } from 'react';
import type { RoundSummary, UnitSummary } from '../../../shared/api/contract';
import { call, type ApiCallError } from '../api';
import { toCallError, useApiValue } from '../hooks/useApiValue';

/** The round the office works on now: the latest year, the newest of that year. */
export const currentRound = (rounds: readonly RoundSummary[]): RoundSummary | null =>
  rounds.reduce<RoundSummary | null>((a, b) => (a === null || b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a), null);

/** The communes of the current round and, loaded on demand, their villages (names for the lists, boxes for the picker). */
export function useVillages(roundId: number | null) {
  const communes = useApiValue('units.communes', roundId === null ? null : { roundId });
  const [byCommune, setByCommune] = useState<ReadonlyMap<number, readonly UnitSummary[]>>(new Map());
  const [error, setError] = useState<ApiCallError | null>(null);
  const asked = useRef(new Set<number>());
  const load = (communeId: number) => {
    if (roundId === null || asked.current.has(communeId)) return;
    asked.current.add(communeId);
    call('units.villages', { roundId, communeId }).then(
      (villages) => setByCommune((m) => new Map(m).set(communeId, villages)),
      (e: unknown) => {
        asked.current.delete(communeId);
        setError(toCallError('units.villages', e));
      },
    );
  };
  // A commune office has one commune: its villages are shown at once (a province's, commune by commune).
  const list = communes.value;
  useEffect(() => {
    if (list) for (const c of list.slice(0, 20)) load(c.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);
  const names = useMemo(() => {
    const m = new Map<number, string>();
    for (const c of list ?? []) m.set(c.id, c.fullName);
    for (const villages of byCommune.values()) for (const v of villages) m.set(v.id, v.fullName);
    return m;
  }, [byCommune, list]);
  return { communes: list, loadingCommunes: communes.loading, error: error ?? communes.error ?? null, byCommune, names, load };
}
export type Villages = ReturnType<typeof useVillages>;
