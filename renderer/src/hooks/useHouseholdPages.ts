import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput, HouseholdRow } from '../../../shared/api/contract';
import { call, type ApiCallError } from '../api';
import { toCallError } from './useApiValue';

/** Everything that picks and orders the list; the window (offset/limit) is the hook's business. */
export type HouseholdQuery = Omit<ApiInput<'households.list'>, 'offset' | 'limit'>;

export const PAGE_SIZE = 100;

interface PagesState {
  key: string;
  total: number | undefined;
  /** The count is the cap (HouseholdList.totalCapped): the list holds more, its end is found by paging. */
  capped: boolean;
  /** Where a capped list ends, once a page shorter than PAGE_SIZE has come. */
  end: number | undefined;
  pages: ReadonlyMap<number, readonly HouseholdRow[]>;
  error: ApiCallError | undefined;
}

export interface HouseholdPages {
  /**
   * How many rows the list spans; undefined until the first page of the current query has arrived.
   * For a capped count (capped), the rows known so far plus one more page while the end is not
   * reached: scrolling down fetches the next pages until a short one marks the end.
   */
  total: number | undefined;
  /** The server counted only up to its cap: `count` households or more. */
  capped: boolean;
  /** The count to show: exact, or (capped) "more than" this. */
  count: number | undefined;
  loading: boolean;
  error: ApiCallError | undefined;
  /** The row at a list index, or undefined while its page is on the way. */
  rowAt(index: number): HouseholdRow | undefined;
  /** Fetches the pages covering indexes first..last (inclusive) that are not loaded yet. */
  ensureRange(first: number, last: number): void;
  retry(): void;
}

const emptyState = (key: string): PagesState => ({ key, total: undefined, capped: false, end: undefined, pages: new Map(), error: undefined });

/** The rows a capped list spans: up to its end when known, else past the last full page by one page. */
export function cappedRowCount(count: number, end: number | undefined, pages: ReadonlyMap<number, readonly unknown[]>): number {
  if (end !== undefined) return end;
  let loaded = 0;
  for (const [page, rows] of pages) if (rows.length === PAGE_SIZE) loaded = Math.max(loaded, (page + 1) * PAGE_SIZE);
  return Math.max(count, loaded + PAGE_SIZE);
}

/**
 * A windowed view of `households.list`: pages of PAGE_SIZE rows fetched on demand as the list
 * scrolls. A new query drops every page; answers for an older query are ignored.
 */
export function useHouseholdPages(query: HouseholdQuery | null): HouseholdPages {
  const key = query === null ? '' : JSON.stringify(query);
  const [state, setState] = useState<PagesState>(() => emptyState(key));
  const currentKey = useRef(key);
  const inFlight = useRef(new Set<number>());
  const failed = useRef(false);

  const fetchPage = useCallback((page: number, forKey: string) => {
    if (forKey === '' || inFlight.current.has(page)) return;
    inFlight.current.add(page);
    const input = { ...(JSON.parse(forKey) as HouseholdQuery), offset: page * PAGE_SIZE, limit: PAGE_SIZE };
    call('households.list', input).then(
      (list) => {
        if (currentKey.current !== forKey) return;
        inFlight.current.delete(page);
        setState((s) => {
          const pages = new Map(s.pages);
          pages.set(page, list.rows);
          // A page shorter than asked for is the last: a capped list ends there.
          const end = list.rows.length < PAGE_SIZE && (list.rows.length > 0 || page > 0) ? page * PAGE_SIZE + list.rows.length : s.end;
          return { ...s, total: list.total, capped: list.totalCapped, end, pages };
        });
      },
      (error: unknown) => {
        if (currentKey.current !== forKey) return;
        inFlight.current.delete(page);
        failed.current = true;
        setState((s) => ({ ...s, error: toCallError('households.list', error) }));
      },
    );
  }, []);

  useEffect(() => {
    currentKey.current = key;
    inFlight.current = new Set();
    failed.current = false;
    setState(emptyState(key));
    fetchPage(0, key);
  }, [key, fetchPage]);

  const stale = state.key !== key;
  const pages = stale ? undefined : state.pages;
  const count = stale ? undefined : state.total;
  const capped = !stale && state.capped;
  const total = count === undefined || !pages ? undefined : capped ? cappedRowCount(count, state.end, pages) : count;

  const rowAt = useCallback(
    (index: number) => pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [pages],
  );

  const ensureRange = useCallback(
    (first: number, last: number) => {
      if (!pages || total === undefined || failed.current) return;
      const lastIndex = Math.min(last, total - 1);
      for (let page = Math.floor(Math.max(first, 0) / PAGE_SIZE); page * PAGE_SIZE <= lastIndex; page++) {
        if (!pages.has(page)) fetchPage(page, key);
      }
    },
    [pages, total, key, fetchPage],
  );

  const retry = useCallback(() => {
    failed.current = false;
    // A fresh map gives ensureRange a new identity, so the list asks again for what it shows.
    setState((s) => ({ ...s, error: undefined, pages: new Map(s.pages) }));
    if (total === undefined) fetchPage(0, key);
  }, [total, key, fetchPage]);

  const error = stale ? undefined : state.error;
  return { total, capped, count, loading: total === undefined && error === undefined && key !== '', error, rowAt, ensureRange, retry };
}
