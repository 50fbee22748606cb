import type { ReactNode } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { BackupScreen } from '../backup/BackupScreen';
import { RuleSetsScreen } from '../rulesets/RuleSetsScreen';
import { HouseholdsScreen } from './HouseholdsScreen';

export interface ScreenProps {
  rounds: readonly RoundSummary[];
  partLabel: (ruleSetId: string, part: string) => string;
  /** Reloads the rounds (after a restore, a new round…). */
  reloadRounds: () => void;
}

export interface ScreenEntry {
  id: string;
  /** The tab's Vietnamese label; Alt + its position number opens it. */
  label: string;
  render: (props: ScreenProps) => ReactNode;
}

/** The app's screens, in tab order. Each area adds its own entry here (one line). */
export const SCREENS: ScreenEntry[] = [
  { id: 'households', label: 'Danh sách hộ', render: (p) => <HouseholdsScreen rounds={p.rounds} partLabel={p.partLabel} /> },
  // more screens are added above this line
  { id: 'rulesets', label: 'Bộ tiêu chí', render: () => <RuleSetsScreen /> },
  { id: 'backup', label: 'Sao lưu', render: (p) => <BackupScreen onRestored={p.reloadRounds} /> },
];
