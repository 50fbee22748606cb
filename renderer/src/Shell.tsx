import { useCallback, useEffect, useState } from 'react';
import { messages } from './messages';
import { SCREENS, type AppProps, type ScreenProps } from './screens/registry';

const ENTRY_SCREEN = 'entry';

/** The tab strip over every screen; Alt+1…9 switches tabs from the keyboard. */
export function Shell(props: AppProps) {
  const [active, setActive] = useState(SCREENS[0]!.id);
  const [entryTarget, setEntryTarget] = useState<number | null>(null);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const screen = Number.isInteger(n) && n >= 1 ? SCREENS[n - 1] : undefined;
      if (!screen) return;
      e.preventDefault();
      setActive(screen.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  const openInEntry = useCallback((householdId: number) => {
    setEntryTarget(householdId);
    setActive(ENTRY_SCREEN);
  }, []);
  const clearEntryTarget = useCallback(() => setEntryTarget(null), []);
  const current = SCREENS.find((s) => s.id === active) ?? SCREENS[0]!;
  const screenProps: ScreenProps = { ...props, openInEntry, entryTarget, clearEntryTarget };
  return (
    <div className="shell">
      <nav className="tabs" role="tablist" aria-label={messages.tabsLabel}>
        {SCREENS.map((s, i) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === current.id}
            className={s.id === current.id ? 'tab active' : 'tab'}
            onClick={() => setActive(s.id)}
            title={`Alt+${i + 1}`}
          >
            {s.label}
            <kbd>{i + 1}</kbd>
          </button>
        ))}
      </nav>
      <div className="screen" role="tabpanel">
        {current.render(screenProps)}
      </div>
    </div>
  );
}
