import type { Ref } from 'react';
import type { RoundSummary, UnitSummary } from '../../../shared/api/contract';
import { STATUSES, type Status } from '../../../shared/engine/ruleset';
import { messages } from '../messages';

export type StatusFilter = Status | 'unclassified';

export interface Filters {
  roundId: number;
  communeId: number | undefined;
  villageId: number | undefined;
  status: StatusFilter | undefined;
  search: string;
}

interface Props {
  rounds: readonly RoundSummary[];
  communes: readonly UnitSummary[] | undefined;
  villages: readonly UnitSummary[] | undefined;
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
  /** Undefined while the list loads or after it failed. */
  total: number | undefined;
  loading: boolean;
  searchRef: Ref<HTMLInputElement>;
  /** ArrowDown in the search box hands the keyboard to the list. */
  onSearchArrowDown: () => void;
}

const STATUS_FILTERS: readonly StatusFilter[] = [...STATUSES, 'unclassified'];

const idOrUndefined = (value: string): number | undefined => (value === '' ? undefined : Number(value));

export function TopBar({ rounds, communes, villages, filters, onChange, total, loading, searchRef, onSearchArrowDown }: Props) {
  return (
    <header className="top-bar">
      <h1 className="app-title">{messages.appTitle}</h1>
      <div className="filters" role="search">
        <label className="field field-round">
          <span>{messages.roundLabel}</span>
          <select
            value={filters.roundId}
            onChange={(e) => onChange({ roundId: Number(e.target.value), communeId: undefined, villageId: undefined })}
          >
            {rounds.map((round) => (
              <option key={round.id} value={round.id} title={round.title}>
                {messages.roundOption(round)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{messages.communeLabel}</span>
          <select
            value={filters.communeId ?? ''}
            onChange={(e) => onChange({ communeId: idOrUndefined(e.target.value), villageId: undefined })}
          >
            <option value="">{messages.allCommunes}</option>
            {communes?.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {messages.unitOption(unit.fullName, unit.householdCount)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-village">
          <span>{messages.villageLabel}</span>
          <select
            value={filters.villageId ?? ''}
            disabled={filters.communeId === undefined}
            title={filters.communeId === undefined ? messages.villageNeedsCommune : undefined}
            onChange={(e) => onChange({ villageId: idOrUndefined(e.target.value) })}
          >
            <option value="">{messages.allVillages}</option>
            {villages?.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {messages.unitOption(unit.fullName, unit.householdCount)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{messages.statusLabel}</span>
          <select
            value={filters.status ?? ''}
            onChange={(e) => onChange({ status: e.target.value === '' ? undefined : (e.target.value as StatusFilter) })}
          >
            <option value="">{messages.allStatuses}</option>
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {status === 'unclassified' ? messages.unclassified : messages.statusText(status)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-search">
          <span>{messages.searchLabel}</span>
          <input
            ref={searchRef}
            type="search"
            value={filters.search}
            placeholder={messages.searchPlaceholder}
            title={messages.searchHint}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ search: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                onSearchArrowDown();
              }
            }}
          />
        </label>
      </div>
      <output className="total" aria-live="polite">
        {total !== undefined ? messages.householdCount(total) : loading ? messages.loading : messages.notAvailable}
      </output>
    </header>
  );
}
