import { useCallback, useEffect, useState } from 'react';
import { PART_LABELS, type RuleSetPartName } from '../../shared/engine/ruleset';
import { AuthGate } from './auth/AuthGate';
import { UserMenu } from './auth/UserMenu';
import { ErrorBanner } from './components/ErrorBanner';
import { NoRound } from './components/NoRound';
import { useApiValue } from './hooks/useApiValue';
import { messages } from './messages';
import { FirstRunSetup } from './setup/SetupScreen';
import { Shell } from './Shell';

const isPartName = (name: string): name is RuleSetPartName => Object.hasOwn(PART_LABELS, name);

/** Nobody sees the app before signing in (the first start creates the administrator). */
export function App() {
  return (
    <AuthGate>
      <Workspace />
    </AuthGate>
  );
}

/**
 * Loads what every screen needs (the office, rounds, rule sets), then shows the screens. A
 * database with no office and no round starts with the first-run setup.
 */
function Workspace() {
  const status = useApiValue('setup.status', {});
  const rounds = useApiValue('rounds.list', {});
  const ruleSets = useApiValue('ruleSets.list', {});
  const [settingUp, setSettingUp] = useState(false);

  // An empty database (no office, no round) is set up first; an older database with rounds
  // but no office opens as before (its office can be set in the "Thiết lập" tab).
  useEffect(() => {
    if (status.value && status.value.office === null && status.value.roundCount === 0) setSettingUp(true);
  }, [status.value]);

  // A rule set names its own parts; the shared labels cover a rule set the list does not hold.
  const partLabel = useCallback(
    (ruleSetId: string, part: string): string =>
      ruleSets.value?.find((r) => r.id === ruleSetId)?.parts.find((p) => p.name === part)?.label ??
      (isPartName(part) ? PART_LABELS[part] : part),
    [ruleSets.value],
  );

  const reload = useCallback(() => {
    status.retry();
    rounds.retry();
  }, [status, rounds]);

  if (settingUp && status.value) {
    return (
      <FirstRunSetup
        initialOffice={status.value.office}
        onFinished={() => {
          setSettingUp(false);
          reload();
        }}
      />
    );
  }
  if (rounds.value && rounds.value.length > 0) {
    return <Shell rounds={rounds.value} partLabel={partLabel} reloadRounds={reload} />;
  }
  const loading = rounds.loading || status.loading;
  return (
    <div className="app">
      <header className="top-bar">
        <h1 className="app-title">{messages.appTitle}</h1>
        <UserMenu />
      </header>
      {rounds.error && <ErrorBanner error={rounds.error} onRetry={rounds.retry} />}
      {status.error && <ErrorBanner error={status.error} onRetry={status.retry} />}
      <main className="list-area">
        {loading && <p className="muted padded">{messages.loading}</p>}
        {!loading && rounds.value && <NoRound office={status.value?.office ?? null} onSetup={() => setSettingUp(true)} onReload={reload} />}
      </main>
    </div>
  );
}
