import type { ReactNode } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import type { ScreenNeeds } from '../auth/access';
import { AuditScreen } from '../auth/AuditScreen';
import { UsersScreen } from '../auth/UsersScreen';
import { BackupScreen } from '../backup/BackupScreen';
import { EntryScreen } from '../entry/EntryScreen';
import { WorkflowScreen } from '../workflow/WorkflowScreen';
import { RuleSetsScreen } from '../rulesets/RuleSetsScreen';
import { DocumentsScreen } from '../documents/DocumentsScreen';
import { HouseholdsScreen } from './HouseholdsScreen';
import { ExcelScreen } from '../excel/ExcelScreen';
import { ExchangeScreen } from '../exchange/ExchangeScreen';
import { SetupTab } from '../setup/SetupScreen';
import { OverviewScreen } from '../overview/OverviewScreen';
import { RequestsScreen } from '../requests/RequestsScreen';
import { ProvinceScreen } from '../exchange/ProvinceScreen';
import { PublishedValuesScreen } from '../published/PublishedValuesScreen';

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

/**
 * A tab of the shell. `requires` (a call) and `job` (a kind of print or export): what the screen
 * cannot work without; the tab shows only to a role the permission table
 * (shared/api/permissions.ts) allows them. Hiding is a courtesy; the core checks every call.
 */
export interface ScreenEntry extends ScreenNeeds {
  id: string;
  /** The tab's Vietnamese label; Alt + its position number opens it. */
  label: string;
  render: (props: ScreenProps) => ReactNode;
}

/** The app's screens, in tab order. Each area adds its own entry here (one line). */
export const SCREENS: ScreenEntry[] = [
  { id: 'overview', label: 'Tổng quan', requires: 'overview.get', render: (p) => <OverviewScreen rounds={p.rounds} openInEntry={p.openInEntry} /> },
  { id: 'households', label: 'Danh sách hộ', requires: 'households.list', render: (p) => <HouseholdsScreen rounds={p.rounds} partLabel={p.partLabel} openInEntry={p.openInEntry} /> },
  { id: 'entry', label: 'Nhập phiếu', requires: 'entry.save', render: (p) => <EntryScreen rounds={p.rounds} target={p.entryTarget} onTargetOpened={p.clearEntryTarget} /> },
  { id: 'workflow', label: 'Quy trình rà soát', requires: 'workflow.status', render: (p) => <WorkflowScreen rounds={p.rounds} reloadRounds={p.reloadRounds} openInEntry={p.openInEntry} /> },
  { id: 'documents', label: 'In tài liệu', requires: 'documents.list', job: 'documents.render', render: (p) => <DocumentsScreen rounds={p.rounds} /> },
  { id: 'excel', label: 'Excel', job: 'excel.export', render: (p) => <ExcelScreen rounds={p.rounds} /> },
  { id: 'setup', label: 'Thiết lập', requires: 'setup.office', render: () => <SetupTab /> },
  { id: 'exchange', label: 'Trao đổi gói', job: 'exchange.export', render: (p) => <ExchangeScreen rounds={p.rounds} onImported={p.reloadRounds} /> },
  { id: 'requests', label: 'Đề nghị hằng tháng', requires: 'requests.list', render: (p) => <RequestsScreen rounds={p.rounds} /> },
  { id: 'province-receipts', label: 'Tỉnh nhận gói', requires: 'province.receipts', render: (p) => <ProvinceScreen rounds={p.rounds} /> },
  { id: 'published-values', label: 'Giá trị công bố', requires: 'published.save', render: () => <PublishedValuesScreen /> },
  // more screens are added above this line
  // The screen asks rulesets.pending (the administrator's rule sets waiting for confirmation) on opening.
  { id: 'rulesets', label: 'Bộ tiêu chí', requires: 'rulesets.pending', render: () => <RuleSetsScreen /> },
  { id: 'backup', label: 'Sao lưu', requires: 'backups.list', render: (p) => <BackupScreen onRestored={p.reloadRounds} /> },
  { id: 'users', label: 'Người dùng', requires: 'users.list', render: (p) => <UsersScreen rounds={p.rounds} /> },
  { id: 'audit', label: 'Nhật ký', requires: 'audit.list', render: (p) => <AuditScreen rounds={p.rounds} /> },
];
