import type { Ref } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { STATUSES, type Status } from '../../../shared/engine/ruleset';
import { messages } from '../messages';
import { RoundPicker } from './RoundPicker';
import { CommunePicker, VillagePicker } from './UnitPicker';

export type StatusFilter = Status | 'unclassified';

/** The list's own filters (the round, commune and village are the shell's choice: components/choice.tsx). */
export interface Filters {
  status: StatusFilter | undefined;
  search: string;
}

interface Props {
  rounds: readonly RoundSummary[];
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

export function TopBar({ rounds, filters, onChange, total, loading, searchRef, onSearchArrowDown }: Props) {
  return (
    <header className="top-bar">
      <h1 className="app-title">{messages.appTitle}</h1>
      <div className="filters" role="search">
        <RoundPicker rounds={rounds} className="field field-round" />
        <CommunePicker className="field" label={messages.communeLabel} empty={messages.allCommunes} />
        <VillagePicker className="field field-village" label={messages.villageLabel} empty={messages.allVillages} />
        <label className="field">
          <span>{messages.statusLabel}</span>
          <select
            aria-label={messages.statusLabel}
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
              } else if (e.key === '/' && !e.ctrlKey && !e.altKey && !e.metaKey) {
                // "/" finds from anywhere, the search box too: it starts a new search (the text selected,
                // typing replaces it) rather than typing a "/" no name, code or CCCD holds.
                e.preventDefault();
                e.currentTarget.select();
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
