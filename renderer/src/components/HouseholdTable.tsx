import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import type { HouseholdRow, HouseholdSort } from '../../../shared/api/contract';
import { transitionLabel } from '../../../shared/glossary';
import { formatNumberVi } from '../../../shared/text/format';
import type { HouseholdPages } from '../hooks/useHouseholdPages';
import { messages } from '../messages';
import { StatusBadge } from './StatusBadge';
import { MatchedMember, matchesHead } from './MatchedMember';

/** Fixed heights: the window of rendered rows is computed from them. */
export const ROW_HEIGHT = 32;
const HEAD_HEIGHT = 34;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;

export type SortDir = 'asc' | 'desc';

export interface HouseholdTableHandle {
  /** Scrolls to the active row and focuses it. */
  focusActiveRow(): void;
}

type ColumnId = keyof typeof messages.columns;

interface Column {
  id: ColumnId;
  width: string;
  sort?: HouseholdSort;
  numeric?: boolean;
  cell: (row: HouseholdRow, index: number) => ReactNode;
}

const score = (value: number | null): string => (value === null ? messages.notAvailable : formatNumberVi(value));

const COLUMNS: readonly Column[] = [
  { id: 'seq', width: '56px', numeric: true, cell: (_row, index) => formatNumberVi(index + 1) },
  { id: 'code', width: '128px', sort: 'code', cell: (row) => row.code },
  { id: 'head', width: 'minmax(170px, 1.5fr)', sort: 'name', cell: (row) => row.headName },
  { id: 'village', width: 'minmax(110px, 1fr)', sort: 'village', cell: (row) => row.villageName },
  { id: 'commune', width: 'minmax(140px, 1.2fr)', sort: 'commune', cell: (row) => row.communeName },
  { id: 'members', width: '76px', sort: 'members', numeric: true, cell: (row) => formatNumberVi(row.memberCount) },
  { id: 'scoreA', width: '72px', sort: 'scoreA', numeric: true, cell: (row) => score(row.scoreA) },
  { id: 'scoreB', width: '72px', sort: 'scoreB', numeric: true, cell: (row) => score(row.scoreB) },
  { id: 'status', width: '272px', sort: 'status', cell: (row) => <StatusBadge status={row.status} /> },
  {
    id: 'transition',
    width: 'minmax(150px, 1.3fr)',
    sort: 'transition',
    cell: (row) => (row.status === null ? '' : transitionLabel(row.transition, row.status)),
  },
];

interface Props {
  pages: HouseholdPages;
  showCommune: boolean;
  sort: HouseholdSort;
  dir: SortDir;
  onSort: (sort: HouseholdSort) => void;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  onOpen: (row: HouseholdRow) => void;
  /** E or F2 on the active row: open the household's paper forms to correct them. */
  onEdit?: (row: HouseholdRow) => void;
  /** Changes whenever the query does: the list scrolls back to the top. */
  resetKey: string;
  /** Lets the screen hand the keyboard to the list (ArrowDown in search, Escape from the detail). */
  focusRef: Ref<HouseholdTableHandle>;
  /** The search the list answers: a household found by another member's name or CCCD says whose. */
  search?: string | undefined;
}

/**
 * The household list as an ARIA grid, virtualised: only the rows in view (plus the active one,
 * so keyboard focus never lands on a removed element) are in the DOM.
 */
export function HouseholdTable(props: Props) {
  const { pages, showCommune, sort, dir, onSort, activeIndex, onActiveIndexChange, onOpen, onEdit, resetKey, focusRef, search } = props;
  const columns = showCommune ? COLUMNS : COLUMNS.filter((c) => c.id !== 'commune');
  const template = columns.map((c) => c.width).join(' ');
  const total = pages.total ?? 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight - HEAD_HEIGHT));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const { ensureRange } = pages;
  useEffect(() => {
    if (last >= first) ensureRange(first, last);
  }, [first, last, ensureRange]);

  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);
  if (activeIndex < total && (activeIndex < first || activeIndex > last)) indexes.push(activeIndex);

  const focusRow = useCallback((index: number) => {
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    row?.focus({ preventScroll: true });
    return row !== null && row !== undefined;
  }, []);

  /** Scrolls the least needed to show a row below the sticky header. */
  const scrollToRow = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const top = index * ROW_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_HEIGHT > element.scrollTop + viewport) element.scrollTop = top + ROW_HEIGHT - viewport;
      setScrollTop(element.scrollTop);
    },
    [viewport],
  );

  const moveTo = useCallback(
    (index: number) => {
      if (total === 0) return;
      const target = Math.min(Math.max(index, 0), total - 1);
      pendingFocus.current = target;
      scrollToRow(target);
      onActiveIndexChange(target);
    },
    [total, scrollToRow, onActiveIndexChange],
  );

  // Focus follows the keyboard once the row is rendered.
  useLayoutEffect(() => {
    if (pendingFocus.current !== null && focusRow(pendingFocus.current)) pendingFocus.current = null;
  });

  useImperativeHandle(focusRef, () => ({ focusActiveRow: () => moveTo(activeIndex) }), [moveTo, activeIndex]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + pageRows,
      PageUp: activeIndex - pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter') {
      const row = pages.rowAt(activeIndex);
      if (row) {
        event.preventDefault();
        onOpen(row);
      }
    } else if (onEdit && (event.target as HTMLElement).getAttribute('role') === 'row' && (event.key === 'F2' || ((event.key === 'e' || event.key === 'E') && !event.ctrlKey && !event.metaKey && !event.altKey))) {
      const row = pages.rowAt(activeIndex);
      if (row) {
        event.preventDefault();
        onEdit(row);
      }
    }
  };

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label={messages.listLabel}
      aria-rowcount={total + 1}
      aria-busy={pages.loading}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns: template, height: HEAD_HEIGHT }}>
          {columns.map((column) => (
            <HeaderCell key={column.id} column={column} sort={sort} dir={dir} onSort={onSort} />
          ))}
        </div>
      </div>
      {total === 0 && !pages.loading && !pages.error ? (
        <div className="grid-empty" role="status">
          <p>{messages.listEmpty}</p>
          <p className="hint">{messages.listEmptyHint}</p>
        </div>
      ) : (
        <div role="rowgroup" className="grid-body" style={{ height: total * ROW_HEIGHT }}>
          {indexes.map((index) => {
            const row = pages.rowAt(index);
            const active = index === activeIndex;
            return (
              <div
                key={index}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={active}
                data-index={index}
                data-household-id={row?.id}
                tabIndex={active ? 0 : -1}
                className={`grid-row${active ? ' active' : ''}${row ? '' : ' placeholder'}`}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` }}
                onClick={() => {
                  onActiveIndexChange(index);
                  if (row) onOpen(row);
                }}
              >
                {row
                  ? columns.map((column) => {
                      const content = column.cell(row, index);
                      return (
                        <div
                          key={column.id}
                          role="gridcell"
                          className={`cell cell-${column.id}${column.numeric ? ' num' : ''}`}
                          // A cell cut short by its width can still be read on hover.
                          title={typeof content === 'string' ? content : undefined}
                        >
                          {column.id === 'head' && search && !matchesHead(row, search) ? <MatchedMember row={row} search={search} /> : content}
                        </div>
                      );
                    })
                  : [
                      <div key="seq" role="gridcell" className="cell num">
                        {formatNumberVi(index + 1)}
                      </div>,
                      <div key="loading" role="gridcell" className="cell loading">
                        {messages.rowLoading}
                      </div>,
                    ]}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function HeaderCell({ column, sort, dir, onSort }: { column: Column; sort: HouseholdSort; dir: SortDir; onSort: (s: HouseholdSort) => void }) {
  const label = messages.columns[column.id];
  const sorted = column.sort !== undefined && column.sort === sort;
  const className = `cell head-cell${column.numeric ? ' num' : ''}`;
  if (column.sort === undefined) {
    return (
      <div role="columnheader" className={className}>
        {label}
      </div>
    );
  }
  const key = column.sort;
  return (
    <div role="columnheader" className={className} aria-sort={sorted ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" title={messages.sortBy(label)} onClick={() => onSort(key)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {sorted ? (dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </div>
  );
}
