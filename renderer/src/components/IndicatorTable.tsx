import type { IndicatorView } from '../../../shared/api/contract';
import { messages } from '../messages';

const columns = messages.indicatorColumns;

const answerText = (answer: boolean | null): string =>
  answer === null ? messages.notAnswered : answer ? messages.deprived : messages.notDeprived;

/**
 * The Phiếu B2 answers, labels from the household's rule set. Where the member roster implies
 * another answer, it is shown beside the keyed one, never substituted for it.
 */
export function IndicatorTable({ indicators }: { indicators: readonly IndicatorView[] }) {
  if (indicators.length === 0) return <p className="muted">{messages.noIndicators}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table indicators">
        <thead>
          <tr>
            <th className="num">{columns.number}</th>
            <th>{columns.label}</th>
            <th>{columns.dimension}</th>
            <th>{columns.answer}</th>
            <th>{columns.check}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => {
            const differs = indicator.derived !== null && indicator.derived !== indicator.answer;
            return (
              <tr key={indicator.id} className={indicator.answer ? 'is-deprived' : undefined}>
                <td className="num">{indicator.number}</td>
                <td>{indicator.label}</td>
                <td>{indicator.dimension}</td>
                <td className={indicator.answer ? 'deprived' : undefined}>{answerText(indicator.answer)}</td>
                <td>
                  {differs && (
                    <span className="warning-mark" role="note">
                      <span aria-hidden="true">⚠ </span>
                      {messages.derivedDiffers(indicator.derived!)}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
