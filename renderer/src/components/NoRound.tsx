import { messages } from '../messages';

/** The empty database: explain how to get demo data. */
export function NoRound() {
  return (
    <section className="empty-state" aria-labelledby="no-round-title">
      <h2 id="no-round-title">{messages.noRoundTitle}</h2>
      <p>{messages.noRoundBody}</p>
      <pre>
        <code>{messages.noRoundCommand}</code>
      </pre>
    </section>
  );
}
