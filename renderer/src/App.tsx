import { useCallback } from 'react';
import { PART_LABELS, type RuleSetPartName } from '../../shared/engine/ruleset';
import { ErrorBanner } from './components/ErrorBanner';
import { NoRound } from './components/NoRound';
import { useApiValue } from './hooks/useApiValue';
import { messages } from './messages';
import { Shell } from './Shell';

const isPartName = (name: string): name is RuleSetPartName => Object.hasOwn(PART_LABELS, name);

/** Loads what every screen needs (rounds, rule sets), then shows the household list. */
export function App() {
  const rounds = useApiValue('rounds.list', {});
  const ruleSets = useApiValue('ruleSets.list', {});

  // A rule set names its own parts; the shared labels cover a rule set the list does not hold.
  const partLabel = useCallback(
    (ruleSetId: string, part: string): string =>
      ruleSets.value?.find((r) => r.id === ruleSetId)?.parts.find((p) => p.name === part)?.label ??
      (isPartName(part) ? PART_LABELS[part] : part),
    [ruleSets.value],
  );

  if (rounds.value && rounds.value.length > 0) {
    return <Shell rounds={rounds.value} partLabel={partLabel} reloadRounds={rounds.retry} />;
  }
  return (
    <div className="app">
      <header className="top-bar">
        <h1 className="app-title">{messages.appTitle}</h1>
      </header>
      {rounds.error && <ErrorBanner error={rounds.error} onRetry={rounds.retry} />}
      <main className="list-area">
        {rounds.loading && <p className="muted padded">{messages.loading}</p>}
        {rounds.value && <NoRound />}
      </main>
    </div>
  );
}
