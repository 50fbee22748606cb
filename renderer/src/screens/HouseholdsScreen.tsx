import { useCallback, useEffect, useRef, useState } from 'react';
import type { HouseholdRow, HouseholdSort, RoundSummary } from '../../../shared/api/contract';
import { ErrorBanner } from '../components/ErrorBanner';
import { HouseholdDetailPanel } from '../components/HouseholdDetail';
import { HouseholdTable, type HouseholdTableHandle, type SortDir } from '../components/HouseholdTable';
import { ReviewFilters, type ReviewFilterValues } from '../components/ReviewFilters';
import { TopBar, type Filters } from '../components/TopBar';
import { useApiValue } from '../hooks/useApiValue';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useHouseholdPages, type HouseholdQuery } from '../hooks/useHouseholdPages';
import { entryMessages } from '../entry/messages';
import { useChoice, useSessionState } from '../components/choice';
import { messages } from '../messages';

const SEARCH_DEBOUNCE_MS = 200;
const TOTALS_DELAY_MS = 300;

interface Props {
  rounds: readonly RoundSummary[];
  partLabel: (ruleSetId: string, part: string) => string;
  /** Opens a household's paper forms in the entry screen (E or F2 on a row, "Sửa phiếu"). */
  openInEntry?: (householdId: number) => void;
}

/** What the list keeps for the session (choice.tsx: useSessionState). */
interface ListState {
  filters: Filters;
  review: ReviewFilterValues;
  sort: { key: HouseholdSort; dir: SortDir };
}

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'tel', 'email', 'url', 'password', 'date']);

/** True when a key press is text being typed, which "/" must not interrupt. */
const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLTextAreaElement ||
  (target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type)) ||
  (target instanceof HTMLElement && target.isContentEditable);

/** The round's households: filters on top, the virtualised list, the detail over it. */
export function HouseholdsScreen({ rounds, partLabel, openInEntry }: Props) {
  // The round, commune and village are the shell's choice (every tab shares it); the list's own
  // filters, search and sort are kept for the session, so that coming back from a household
  // (the entry tab, another tab) finds the list as it was left.
  const choice = useChoice();
  const [listState, setListState] = useSessionState<ListState>('households', () => ({
    filters: { status: undefined, search: '' },
    review: { transition: undefined, reviewState: undefined, warnings: undefined, flag: undefined },
    sort: { key: 'name', dir: 'asc' },
  }));
  const { filters, review, sort } = listState;
  const setFilters = (next: (f: Filters) => Filters) => setListState((s) => ({ ...s, filters: next(s.filters) }));
  const setReview = (next: (r: ReviewFilterValues) => ReviewFilterValues) => setListState((s) => ({ ...s, review: next(s.review) }));
  const setSort = (next: (s: ListState['sort']) => ListState['sort']) => setListState((s) => ({ ...s, sort: next(s.sort) }));
  const roundId = choice.roundId;
  const communeId = choice.communeId ?? undefined;
  const villageId = choice.villageId ?? undefined;
  const [openId, setOpenId] = useState<number | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HouseholdTableHandle>(null);

  const communes = useApiValue('units.communes', { roundId });
  const villages = useApiValue('units.villages', communeId === undefined ? null : { roundId, communeId });

  const search = useDebouncedValue(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  const query: HouseholdQuery = {
    roundId,
    communeId,
    villageId,
    status: filters.status,
    search: search === '' ? undefined : search,
    ...(review.transition ? { transition: review.transition } : {}),
    ...(review.reviewState ? { reviewState: review.reviewState } : {}),
    ...(review.warnings !== undefined ? { warnings: review.warnings } : {}),
    ...(review.flag ? { flags: { [review.flag]: true } } : {}),
    sort: sort.key,
    dir: sort.dir,
  };
  // The totals row follows the list (asked a moment later, so that it never delays the rows).
  const totalsInput = JSON.stringify({ ...query, sort: 'name', dir: 'asc', totals: true, limit: 1 });
  const [totalsKey, setTotalsKey] = useState<string | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setTotalsKey(totalsInput), TOTALS_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [totalsInput]);
  const totals = useApiValue('households.list', totalsKey === null ? null : (JSON.parse(totalsKey) as HouseholdQuery));
  const queryKey = JSON.stringify(query);
  const pages = useHouseholdPages(query);

  // The active row belongs to one query: a new query starts again at the top.
  const [active, setActive] = useState({ queryKey, index: 0 });
  const activeIndex = active.queryKey === queryKey ? active.index : 0;
  const setActiveIndex = useCallback((index: number) => setActive({ queryKey, index }), [queryKey]);

  const onSort = (key: HouseholdSort) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }));
  const onOpen = useCallback((row: HouseholdRow) => setOpenId(row.id), []);
  const onEdit = useCallback((row: HouseholdRow) => openInEntry?.(row.id), [openInEntry]);
  const closeDetail = useCallback(() => {
    setOpenId(null);
    tableRef.current?.focusActiveRow();
  }, []);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && openId !== null) {
        event.preventDefault();
        closeDetail();
      } else if (event.key === 'F2' && openId !== null && openInEntry) {
        event.preventDefault();
        openInEntry(openId);
      } else if (event.key === '/' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setOpenId(null);
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openId, closeDetail, openInEntry]);

  const errors = [communes, villages].filter((v) => v.error !== undefined);

  return (
    <div className="app">
      <TopBar
        rounds={rounds}
        filters={filters}
        onChange={(change) => setFilters((f) => ({ ...f, ...change }))}
        total={pages.capped ? undefined : pages.count}
        loading={pages.loading}
        searchRef={searchRef}
        onSearchArrowDown={() => tableRef.current?.focusActiveRow()}
      />
      <ReviewFilters
        value={review}
        onChange={(change) => setReview((r) => ({ ...r, ...change }))}
        totals={totals.value?.totals}
        more={pages.capped ? pages.count : totals.value?.totalCapped ? totals.value.total : undefined}
      />
      {pages.error && <ErrorBanner error={pages.error} onRetry={pages.retry} />}
      {errors.map((v) => (
        <ErrorBanner key={v.error!.method} error={v.error!} onRetry={v.retry} />
      ))}
      <main className="list-area">
        <HouseholdTable
          pages={pages}
          showCommune={communeId === undefined}
          sort={sort.key}
          dir={sort.dir}
          onSort={onSort}
          activeIndex={activeIndex}
          onActiveIndexChange={setActiveIndex}
          onOpen={onOpen}
          {...(openInEntry ? { onEdit } : {})}
          resetKey={queryKey}
          focusRef={tableRef}
          search={search === '' ? undefined : search}
        />
        {openId !== null && <HouseholdDetailPanel householdId={openId} onClose={closeDetail} partLabel={partLabel} {...(openInEntry ? { onEdit: () => openInEntry(openId) } : {})} />}
      </main>
      <footer className="status-bar">
        <span>
          {messages.listKeyboardHint}
          {openInEntry && ` · ${entryMessages.edit.hint}`}
        </span>
        <button type="button" className="link-button" onClick={() => { searchRef.current?.focus(); searchRef.current?.select(); }}>
          {messages.searchHint}
        </button>
      </footer>
    </div>
  );
}
