import { useCallback, useEffect, useMemo, useState } from 'react';
import { mayOpen } from './auth/access';
import { useSession } from './auth/context';
import { UserMenu } from './auth/UserMenu';
import { messages } from './messages';
import { SCREENS, type AppProps, type ScreenProps } from './screens/registry';

const ENTRY_SCREEN = 'entry';

/**
 * The tab strip over every screen, with the signed-in user on its right; Alt+1…9 (and 0) switches tabs
 * from the keyboard. Only the tabs the user's role may use are shown (the core checks anyway).
 */
export function Shell(props: AppProps) {
  const { user } = useSession();
  const screens = useMemo(() => SCREENS.filter((s) => mayOpen(user.role, s)), [user.role]);
  const [active, setActive] = useState(screens[0]!.id);
  const [entryTarget, setEntryTarget] = useState<number | null>(null);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // Alt+0 is the tenth tab, as on the keyboard's number row.
      const n = e.key === '0' ? 10 : Number(e.key);
      const screen = Number.isInteger(n) && n >= 1 ? screens[n - 1] : undefined;
      if (!screen) return;
      e.preventDefault();
      setActive(screen.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [screens]);
  const openInEntry = useCallback((householdId: number) => {
    setEntryTarget(householdId);
    setActive(ENTRY_SCREEN);
  }, []);
  const clearEntryTarget = useCallback(() => setEntryTarget(null), []);
  const current = screens.find((s) => s.id === active) ?? screens[0]!;
  const screenProps: ScreenProps = { ...props, openInEntry, entryTarget, clearEntryTarget };
  return (
    <div className="shell">
      <div className="shell-bar">
        <UserMenu />
      </div>
      <nav className="tabs" role="tablist" aria-label={messages.tabsLabel}>
        {screens.map((s, i) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === current.id}
            className={s.id === current.id ? 'tab active' : 'tab'}
            onClick={() => setActive(s.id)}
            title={`Alt+${(i + 1) % 10}`}
          >
            {s.label}
            {i < 10 && <kbd>{(i + 1) % 10}</kbd>}
          </button>
        ))}
      </nav>
      <div className="screen" role="tabpanel">
        {current.render(screenProps)}
      </div>
    </div>
  );
}
