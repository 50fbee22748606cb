import { useCallback, useEffect, useMemo, useState } from 'react';
import { mayOpen } from './auth/access';
import { useSession } from './auth/context';
import { UserMenu } from './auth/UserMenu';
import { ChoiceProvider } from './components/choice';
import { messages } from './messages';
import { SCREENS, type AppProps, type ScreenProps } from './screens/registry';

const ENTRY_SCREEN = 'entry';
/** How soon the second digit of a two-digit tab number must follow the first. */
const TWO_DIGIT_MS = 1000;

/**
 * The tab strip over every screen, with the signed-in user on its right; Alt+1…9 (and 0) switches tabs
 * from the keyboard, and Alt+1 then 1 (Alt held) the eleventh and on. Only the tabs the user's role may use are shown (the core checks anyway).
 */
export function Shell(props: AppProps) {
  const { user } = useSession();
  const screens = useMemo(() => SCREENS.filter((s) => mayOpen(user.role, s)), [user.role]);
  const [active, setActive] = useState(screens[0]!.id);
  const [entryTarget, setEntryTarget] = useState<number | null>(null);
  useEffect(() => {
    // Past the tenth tab, two digits typed while Alt is held: Alt+1 then 2 opens the twelfth
    // (the first digit opens the first tab meanwhile, as one digit alone does).
    let typed = '';
    let typedAt = 0;
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // The digit key itself, whatever the layout or Shift makes of it.
      const digit = /^Digit(\d)$/u.exec(e.code)?.[1] ?? (/^\d$/u.test(e.key) ? e.key : undefined);
      if (digit === undefined) return;
      const now = Date.now();
      const two = typed !== '' && now - typedAt < TWO_DIGIT_MS ? Number(typed + digit) : NaN;
      typed = digit;
      typedAt = now;
      // Alt+0 alone is the tenth tab, as on the keyboard's number row.
      const n = two >= 10 && two <= screens.length ? two : digit === '0' ? 10 : Number(digit);
      if (two >= 10 && two <= screens.length) typed = '';
      const screen = n >= 1 ? screens[n - 1] : undefined;
      if (!screen) return;
      e.preventDefault();
      setActive(screen.id);
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === 'Alt') typed = '';
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [screens]);
  const openInEntry = useCallback((householdId: number) => {
    setEntryTarget(householdId);
    setActive(ENTRY_SCREEN);
  }, []);
  const clearEntryTarget = useCallback(() => setEntryTarget(null), []);
  const current = screens.find((s) => s.id === active) ?? screens[0]!;
  const screenProps: ScreenProps = { ...props, openInEntry, entryTarget, clearEntryTarget };
  // A keyer sees only their villages' households: nothing chosen yet, they start on the first one.
  const keyerVillage = user.role === 'keyer' ? user.villageIds[0] : undefined;
  const initialChoice = keyerVillage === undefined ? {} : { communeId: user.villageCommunes[keyerVillage] ?? null, villageId: keyerVillage };
  return (
    <ChoiceProvider rounds={props.rounds} initial={initialChoice}>
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
            title={tabKeys(i)}
          >
            {s.label}
            <kbd>{i === 9 ? 0 : i + 1}</kbd>
          </button>
        ))}
      </nav>
      <div className="screen" role="tabpanel">
        {current.render(screenProps)}
      </div>
    </div>
    </ChoiceProvider>
  );
}

/** The keys that open the tab at this index: "Alt+3", "Alt+0", "Alt+1, 2". */
function tabKeys(index: number): string {
  const n = index + 1;
  return n < 10 ? `Alt+${n}` : n === 10 ? 'Alt+0' : `Alt+${String(n)[0]}, ${String(n)[1]}`;
}
