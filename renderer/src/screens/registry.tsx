import type { ReactNode } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { BackupScreen } from '../backup/BackupScreen';
import { EntryScreen } from '../entry/EntryScreen';
import { WorkflowScreen } from '../workflow/WorkflowScreen';
import { RuleSetsScreen } from '../rulesets/RuleSetsScreen';
import { DocumentsScreen } from '../documents/DocumentsScreen';
import { HouseholdsScreen } from './HouseholdsScreen';
import { ExcelScreen } from '../excel/ExcelScreen';
import { SetupTab } from '../setup/SetupScreen';

/** What the App hands the shell. */
export interface AppProps {
  rounds: readonly RoundSummary[];
  partLabel: (ruleSetId: string, part: string) => string;
  /** Reloads the rounds (after a restore, a new round…). */
  reloadRounds: () => void;
}

/** What every screen gets: the App's props and the shell's cross-screen moves. */
export interface ScreenProps extends AppProps {
  /** Switches to the "Nhập phiếu" tab with this household's forms open. */
  openInEntry: (householdId: number) => void;
  /** The household the entry screen is asked to open (once), or null. */
  entryTarget: number | null;
  /** The entry screen took `entryTarget`: the shell forgets it. */
  clearEntryTarget: () => void;
}

export interface ScreenEntry {
  id: string;
  /** The tab's Vietnamese label; Alt + its position number opens it. */
  label: string;
  render: (props: ScreenProps) => ReactNode;
}

/** The app's screens, in tab order. Each area adds its own entry here (one line). */
export const SCREENS: ScreenEntry[] = [
  { id: 'households', label: 'Danh sách hộ', render: (p) => <HouseholdsScreen rounds={p.rounds} partLabel={p.partLabel} openInEntry={p.openInEntry} /> },
  { id: 'entry', label: 'Nhập phiếu', render: (p) => <EntryScreen rounds={p.rounds} target={p.entryTarget} onTargetOpened={p.clearEntryTarget} /> },
  { id: 'workflow', label: 'Quy trình rà soát', render: (p) => <WorkflowScreen rounds={p.rounds} reloadRounds={p.reloadRounds} openInEntry={p.openInEntry} /> },
  { id: 'documents', label: 'In tài liệu', render: (p) => <DocumentsScreen rounds={p.rounds} /> },
  { id: 'excel', label: 'Excel', render: (p) => <ExcelScreen rounds={p.rounds} /> },
  { id: 'setup', label: 'Thiết lập', render: () => <SetupTab /> },
  // more screens are added above this line
  { id: 'rulesets', label: 'Bộ tiêu chí', render: () => <RuleSetsScreen /> },
  { id: 'backup', label: 'Sao lưu', render: (p) => <BackupScreen onRestored={p.reloadRounds} /> },
];
