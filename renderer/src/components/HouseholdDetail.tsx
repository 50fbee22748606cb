import { useEffect, useRef, useState } from 'react';
import type { HouseholdDetail as Detail } from '../../../shared/api/contract';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { entryMessages } from '../entry/messages';
import { ChangeHistory } from './ChangeHistory';
import { ErrorBanner } from './ErrorBanner';
import { HouseholdEvents } from './HouseholdEvents';
import { IndicatorTable } from './IndicatorTable';
import { MemberTable } from './MemberTable';
import { ResultSection } from './ResultSection';
import { StatusBadge } from './StatusBadge';

interface Props {
  householdId: number;
  onClose: () => void;
  partLabel: (ruleSetId: string, part: string) => string;
  /** Opens the household's paper forms in the entry screen ("Sửa phiếu", F2). */
  onEdit?: () => void;
}

/** A side panel over the list with everything known about one household in the round. */
export function HouseholdDetailPanel({ householdId, onClose, partLabel, onEdit }: Props) {
  const { value: household, error, loading } = useApiValue('households.get', { householdId });
  const panelRef = useRef<HTMLElement>(null);

  // The keyboard follows the panel: focus it on open, so Tab walks its content.
  useEffect(() => {
    panelRef.current?.focus();
  }, [householdId]);

  return (
    <div className="detail-layer">
      <div className="detail-backdrop" onClick={onClose} aria-hidden="true" />
      <aside
        ref={panelRef}
        className="detail-panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby="detail-title"
        aria-busy={loading}
        tabIndex={-1}
      >
        <div className="detail-toolbar">
          <h2 id="detail-title">
            {messages.detailLabel}
            {household && (
              <>
                {' '}
                <span className="mono">{household.code}</span>
              </>
            )}
          </h2>
          <div className="detail-toolbar-actions">
            {onEdit && (
              <button type="button" className="edit-button" onClick={onEdit} title={entryMessages.edit.title}>
                {entryMessages.edit.button} <kbd>F2</kbd>
              </button>
            )}
            <button type="button" className="close-button" onClick={onClose} title={messages.closeHint}>
              {messages.close} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
        <div className="detail-content">
          {error && <ErrorBanner error={error} />}
          {loading && <p className="muted">{messages.loading}</p>}
          {household && <DetailBody household={household} partLabel={partLabel} />}
        </div>
      </aside>
    </div>
  );
}

function DetailBody({ household, partLabel }: { household: Detail; partLabel: Props['partLabel'] }) {
  const head = household.members.find((m) => m.relation === 'head') ?? household.members[0];
  const flags = (Object.keys(messages.flags) as (keyof Detail['flags'])[]).filter((flag) => household.flags[flag]);
  // A recorded event is audited: the change history is asked again.
  const [recorded, setRecorded] = useState(0);
  return (
    <>
      <section className="detail-section household-head" aria-label={messages.detailLabel}>
        <p className="head-name">{head?.fullName ?? messages.notAvailable}</p>
        <dl className="facts">
          <div>
            <dt>{messages.householdCode}</dt>
            <dd className="mono">{household.code}</dd>
          </div>
          <div>
            <dt>{messages.address}</dt>
            <dd>{household.address || messages.notAvailable}</dd>
          </div>
          <div>
            <dt>{messages.village}</dt>
            <dd>{household.villageName}</dd>
          </div>
          <div>
            <dt>{messages.commune}</dt>
            <dd>{household.communeName}</dd>
          </div>
          <div>
            <dt>{messages.area}</dt>
            <dd>{messages.areaLabel(household.area)}</dd>
          </div>
        </dl>
        <ul className="flags" aria-label={messages.flagsLabel}>
          {flags.length === 0 ? (
            <li className="muted">{messages.noFlags}</li>
          ) : (
            flags.map((flag) => (
              <li key={flag} className="flag">
                {messages.flags[flag]}
              </li>
            ))
          )}
        </ul>
      </section>

      <ResultSection household={household} partLabel={partLabel} />

      <section className="detail-section" aria-labelledby="members-heading">
        <h3 id="members-heading">{messages.membersHeading(household.members.length)}</h3>
        <MemberTable members={household.members} />
      </section>

      <section className="detail-section" aria-labelledby="indicators-heading">
        <h3 id="indicators-heading">{messages.indicatorsHeading}</h3>
        <IndicatorTable indicators={household.indicators} />
      </section>

      <section className="detail-section" aria-labelledby="history-heading">
        <h3 id="history-heading">{messages.historyHeading}</h3>
        {household.history.length === 0 ? (
          <p className="muted">{messages.noHistory}</p>
        ) : (
          <ul className="history">
            {household.history.map((entry) => (
              <li key={entry.year}>
                <span className="history-year">{messages.historyYear(entry.year)}</span>
                <StatusBadge status={entry.status} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <HouseholdEvents household={household} onRecorded={() => setRecorded((n) => n + 1)} />
      <ChangeHistory key={recorded} householdId={household.id} />
    </>
  );
}
