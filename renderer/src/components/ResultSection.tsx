import type { HouseholdDetail, ResultView } from '../../../shared/api/contract';
import { formatNumberVi } from '../../../shared/text/format';
import { messages } from '../messages';
import { StatusBadge } from './StatusBadge';

interface Props {
  household: HouseholdDetail;
  /** The Vietnamese name of a rule-set part, as the rule set itself labels it. */
  partLabel: (ruleSetId: string, part: string) => string;
}

const number = (value: number | null): string => (value === null ? messages.notAvailable : formatNumberVi(value));

/** The class with the reason for it, its rule set and what in that rule set is unverified. */
export function ResultSection({ household, partLabel }: Props) {
  const { result } = household;
  return (
    <section className="detail-section result" aria-labelledby="result-heading">
      <h3 id="result-heading">{messages.resultHeading}</h3>
      {result ? <ResultBody result={result} partLabel={partLabel} /> : <p className="muted">{messages.noResult}</p>}
      <dl className="facts scores">
        <div>
          <dt>{messages.scoreA}</dt>
          <dd className="score-a">{number(household.scoreA)}</dd>
        </div>
        <div>
          <dt>{messages.scoreB}</dt>
          <dd>{number(result?.scoreB ?? null)}</dd>
        </div>
        <div>
          <dt>{messages.deprivationCount}</dt>
          <dd>{number(result?.deprivationCount ?? null)}</dd>
        </div>
        {household.monthlyIncomePerCapita !== null && (
          <div>
            <dt>{messages.income}</dt>
            <dd>{messages.incomeValue(household.monthlyIncomePerCapita)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ResultBody({ result, partLabel }: { result: ResultView; partLabel: Props['partLabel'] }) {
  return (
    <>
      <div className="result-head">
        <StatusBadge status={result.status} label={result.statusLabel} />
        <span className="transition">
          {messages.transition}: <strong>{result.transitionLabel}</strong>
        </span>
      </div>
      <p className="explanation">{result.explanation}</p>
      <p className="rule-set muted">{messages.ruleSet(result.ruleSet.id, result.ruleSet.version)}</p>
      {result.referToReview && <p className="notice">{messages.referToReview}</p>}
      {result.unverified.length > 0 && (
        <p className="warning" role="note">
          <span aria-hidden="true">⚠ </span>
          {messages.unverified(result.unverified.map((part) => partLabel(result.ruleSet.id, part)).join('; '))}
        </p>
      )}
      {result.local.length > 0 && (
        <div className="local-results">
          <h4>{messages.localHeading}</h4>
          <ul>
            {result.local.map((local) => (
              <li key={`${local.ruleSet.id}@${local.ruleSet.version}`}>
                <span className="local-title">{local.ruleSet.title}</span>{' '}
                {local.status ? <StatusBadge status={local.status} /> : <span className="badge badge-none">{messages.localNoResult}</span>}
                <p className="explanation small">{local.explanation}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
