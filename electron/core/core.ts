import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from './db/connection';
import type { Migration } from './db/migrations';
import {
  autoBackup,
  checkAtOpen,
  checkRecordOf,
  damagedDatabaseError,
  hasBackupToday,
  isLargeDatabase,
  startBackgroundCheck,
  type DamagedDatabaseError,
  type OpenCheckPlan,
  openBackup,
  recordFullCheck,
  replaceDamaged,
  restoreInto,
  checkRestorable,
  DEFAULT_KEEP,
} from './backup/backup';
import { isMainThread } from 'node:worker_threads';
import { hold, otherHolders } from './backup/holders';
import { startDailyBackup, type DailyBackupEnd } from './backup/daily';
import { restoreBatchIndexes } from './exchange/import';
import { AppError } from './errors';
import { JobRunner } from './jobs/runner';
import { backupDirFor } from './paths';
import { loadAppRuleSets, loadRuleSets, ruleSetDirs, type RuleSetProblem, type RuleSetRegistry } from './rulesets/load';
import { cleanOldFiles, exportsDirFor } from './files-cleanup';
import { currentCaller } from './auth/caller';

export interface CoreOptions {
  dbPath: string;
  /** The shipped resources folder (rule sets, units, fonts). */
  resourcesDir: string;
  /** Who acts, for the audit log. */
  actor?: string;
  /** Take the daily backup on open (the desktop app and the host do; the CLI and tests need not). */
  dailyBackup?: boolean;
  backupDir?: string;
  keepBackups?: number;
  /** Tests only: a longer migration list, to exercise an upgrade. */
  migrations?: readonly Migration[];
  /**
   * Run the daily full check of a large database in the background when it is due (see
   * openCheckPlan in backup/backup.ts). Default: as dailyBackup (the desktop app and the host).
   */
  backgroundCheck?: boolean;
  /** Told when the background check finds the database damaged (the app offers the last good backup). */
  onDamaged?: (e: DamagedDatabaseError) => void;
  /** Told when the daily backup taken in the background fails (Vietnamese, what went wrong). */
  onDailyBackupFailed?: (reason: string) => void;
  /** Tests only: the size up to which every open reads the whole file and takes the daily backup at once (default FULL_CHECK_MAX_BYTES). */
  fullCheckMaxBytes?: number;
}

/** The start-up check of this open: what ran at open, and the background check's state. */
export interface OpenCheckState {
  level: OpenCheckPlan['level'];
  why: string;
  background: 'none' | 'running' | 'ok' | 'damaged' | 'stopped' | 'failed';
  /** The refusal the background check found (Vietnamese, naming the last good backup). */
  damage: DamagedDatabaseError | null;
}

/** The daily backup of this open (see Core.dailyBackupState). */
export type DailyBackupState = { state: 'none' } | { state: 'running' } | DailyBackupEnd;

/** The job runner, which also remembers the jobs it started so a restore can wait for none to run. */
class Jobs extends JobRunner {
  private readonly started = new Set<string>();

  override start(...args: Parameters<JobRunner['start']>): ReturnType<JobRunner['start']> {
    const status = super.start(...args);
    this.started.add(status.id);
    return status;
  }

  /** Jobs queued or running now. */
  active(): number {
    let n = 0;
    for (const id of this.started) {
      const { state } = this.status(id);
      if (state === 'queued' || state === 'running') n++;
      else this.started.delete(id);
    }
    return n;
  }
}

/**
 * The engine room: one open database, the rule sets, the backup folder. The desktop app, the
 * HTTP host, the CLI and the tests all build the same Core.
 */
export class Core {
  db: Db;
  registry: RuleSetRegistry;
  readonly backupDir: string;
  /** Who acts when no user is signed in (the command line, the tests). */
  private readonly defaultActor: string;
  readonly jobs: Jobs;
  private readonly keep: number;
  private readonly release: () => void;
  private check: OpenCheckState;
  private readonly checked: Promise<OpenCheckState>;
  private stopCheck: () => void = () => {};
  private daily: DailyBackupState = { state: 'none' };
  private readonly backedUp: Promise<DailyBackupState>;
  private stopBackup: () => void = () => {};
  private closed = false;

  constructor(readonly options: CoreOptions) {
    this.backupDir = options.backupDir ?? backupDirFor(options.dbPath);
    this.keep = options.keepBackups ?? DEFAULT_KEEP;
    this.defaultActor = options.actor ?? 'officer';
    // Until the database is open only the shipped rule sets are known (an administrator copy
    // needs the confirmation the database records).
    this.registry = loadRuleSets([ruleSetDirs(options.resourcesDir, options.dbPath)[0]!]);
    // A damaged database is never opened for writing: writing on would spread the damage. How much
    // of the file is read at open, and when the full check runs instead: checkAtOpen's rule.
    const opening = checkAtOpen(options.dbPath, options.fullCheckMaxBytes);
    if (opening.damage !== null) throw damagedDatabaseError(path.resolve(options.dbPath), opening.damage, this.backupDir);
    ownerOnly(options.dbPath, this.backupDir);
    this.release = hold(options.dbPath);
    try {
      this.db = this.open();
    } catch (e) {
      this.release();
      throw e;
    }
    this.registry = this.loadRegistry();
    // A province's batch import killed midway left some indexes dropped (exchange/import.ts): built
    // again at the first open by a program alone with the file. While another program holds it, its
    // batch may still be running and needs them dropped; that batch (or the next) builds them.
    if (isMainThread && otherHolders(options.dbPath).length === 0) restoreBatchIndexes(this.db.sqlite);
    this.jobs = new Jobs({
      dbPath: () => path.resolve(options.dbPath),
      resourcesDir: options.resourcesDir,
      exportsDir: exportsDirFor(options.dbPath),
      actor: () => this.actor,
    });
    // Uploads and job files older than a day are gone at start (personal data is not kept lying about).
    cleanOldFiles(options.dbPath);
    // The day's first open takes the daily backup: a large file's in the background (a province's
    // 5 GB file takes the better part of a minute to copy and check), once its background check, if
    // due, has passed; a small one's at once.
    const backupDue = options.dailyBackup === true && fs.statSync(options.dbPath).size > 0 && !hasBackupToday(this.backupDir);
    const backupInBackground = backupDue && isLargeDatabase(options.dbPath, options.fullCheckMaxBytes);
    if (backupDue && !backupInBackground) this.daily = { state: 'done', backup: autoBackup(this.db.sqlite, this.backupDir, 'daily', this.keep) };
    // A database this app just made is sound: recorded as checked, so its first reopen is not a full read.
    if (opening.level === 'none' && options.dbPath !== ':memory:') recordFullCheck(options.dbPath, null);
    this.check = { level: opening.level, why: opening.why, background: 'none', damage: null };
    if (opening.backgroundDue && (options.backgroundCheck ?? options.dailyBackup ?? false)) {
      this.check = { ...this.check, background: 'running' };
      this.checked = new Promise((resolve) => {
        this.stopCheck = startBackgroundCheck(options.dbPath, (end) => {
          const damage = end.state === 'damaged' ? damagedDatabaseError(path.resolve(options.dbPath), end.damage, this.backupDir) : null;
          this.check = { ...this.check, background: end.state, damage };
          if (damage) options.onDamaged?.(damage);
          resolve(this.check);
        });
      });
    } else {
      this.checked = Promise.resolve(this.check);
    }
    if (backupInBackground) this.daily = { state: 'running' };
    this.backedUp = backupInBackground ? this.checked.then((check) => this.startDailyBackup(check)) : Promise.resolve(this.daily);
  }

  private startDailyBackup(check: OpenCheckState): Promise<DailyBackupState> {
    // Nor is one closed meanwhile; and a damaged file is not backed up (its last good backup is what the officer restores).
    if (this.closed || check.background === 'stopped') this.daily = { state: 'stopped' };
    else if (check.background === 'damaged') this.daily = { state: 'failed', reason: 'Tệp dữ liệu bị hỏng nên không sao lưu: hãy khôi phục bản sao lưu tốt gần nhất.' };
    if (this.daily.state !== 'running') return Promise.resolve(this.daily);
    return new Promise((resolve) => {
      this.stopBackup = startDailyBackup(this.options.dbPath, this.backupDir, this.keep, (end) => {
        this.daily = end;
        if (end.state === 'failed') this.options.onDailyBackupFailed?.(end.reason);
        resolve(end);
      });
    });
  }

  /** The daily backup of this open: none due, taken at open, running in the background, or how it ended. */
  get dailyBackupState(): DailyBackupState {
    return this.daily;
  }

  /** Resolves once the daily backup (if any) has ended. */
  whenBackedUp(): Promise<DailyBackupState> {
    return this.backedUp;
  }

  /** The start-up check of this open (see OpenCheckState). */
  get openCheck(): OpenCheckState {
    return this.check;
  }

  /** Resolves once the background check (if any) has ended: passed, found damage, or was stopped by close(). */
  whenChecked(): Promise<OpenCheckState> {
    return this.checked;
  }

  /** Who acts, for the audit trail: the signed-in user of the call being served, else the configured actor. */
  get actor(): string {
    return currentCaller()?.name ?? this.defaultActor;
  }

  /**
   * Shipped rule sets first; an administrator's copy in the data folder replaces one of the same id
   * only once this database records a confirmation of exactly its content (else it waits in
   * registry.pending(), the shipped one in use). A file that cannot be read is left out (see
   * ruleSetProblems), never blocking the app.
   */
  private loadRegistry(): RuleSetRegistry {
    return loadAppRuleSets(this.db.sqlite, this.options.resourcesDir, this.options.dbPath);
  }

  /** The rule-set files left out at the last load, each with what is wrong (Vietnamese). */
  get ruleSetProblems(): readonly RuleSetProblem[] {
    return this.registry.problems();
  }

  /** Reads the rule sets again (after an administrator loaded a table into a copy, or confirmed one). */
  reloadRuleSets(): void {
    this.registry = this.loadRegistry();
  }

  private open(): Db {
    return openDatabase(this.options.dbPath, {
      ...(this.options.migrations ? { migrations: this.options.migrations } : {}),
      backupBeforeMigration: (sqlite) => autoBackup(sqlite, this.backupDir, 'before-migration', this.keep),
    });
  }

  /** A backup (sealed when the office has a backup passphrase; `plain`: unsealed all the same, on request). */
  backup(reason: Parameters<typeof autoBackup>[2], plain = false) {
    return autoBackup(this.db.sqlite, this.backupDir, reason, this.keep, plain);
  }

  /**
   * Replaces the data with a backup's (the current data is backed up first) and reopens it.
   * Refused while a job runs or another program (the desktop app, the host, a CLI command) has
   * the database open: their writes would otherwise be lost or land on the wrong data.
   */
  restore(file: string, passphrase?: string): void {
    const opened = openBackup(path.resolve(file), passphrase);
    try {
      this.restoreOpened(opened.file);
    } finally {
      opened.done();
    }
  }

  private restoreOpened(source: string): void {
    const dbPath = path.resolve(this.options.dbPath);
    checkRestorable(source);
    const running = this.jobs.active();
    if (running > 0) {
      throw new AppError(
        'BUSY',
        `Chưa khôi phục: ${running} công việc (nhập, xuất, in) đang chạy và đang ghi vào dữ liệu. Hãy chờ công việc làm xong hoặc hủy nó, rồi khôi phục lại.`,
      );
    }
    refuseIfHeldElsewhere(dbPath);
    autoBackup(this.db.sqlite, this.backupDir, 'before-restore', this.keep);
    restoreInto(source, dbPath);
    // Reopen: a backup from an older version is migrated (after its own before-migration backup).
    this.db.close();
    this.db = this.open();
    this.registry = this.loadRegistry(); // the confirmations are the restored database's
  }

  /**
   * Restores a backup over a database too damaged to open (Core's constructor refuses it), when
   * no other program has it open. Returns where the damaged file was kept.
   */
  static restoreDamaged(options: Pick<CoreOptions, 'dbPath' | 'backupDir'>, file: string, passphrase?: string): string {
    const dbPath = path.resolve(options.dbPath);
    refuseIfHeldElsewhere(dbPath);
    const opened = openBackup(path.resolve(file), passphrase);
    try {
      return replaceDamaged(opened.file, dbPath, options.backupDir ?? backupDirFor(dbPath));
    } finally {
      opened.done();
    }
  }

  close(): void {
    this.closed = true;
    this.stopCheck();
    this.stopBackup();
    void this.jobs.close();
    this.db.close();
    this.release();
  }
}

/**
 * Personal data is readable by its owner only, where the system allows it (not on Windows, whose
 * user folders are private already): files this process creates from now on (the database, its
 * journal, backups, exports, uploads) get no group or other permissions, and the database and the
 * backup folder made before are narrowed to the owner.
 */
function ownerOnly(dbPath: string, backupDir: string): void {
  if (process.platform === 'win32' || dbPath === ':memory:') return;
  if (isMainThread) process.umask(0o077);
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, checkRecordOf(dbPath)]) {
    try {
      fs.chmodSync(file, 0o600);
    } catch {
      // not there yet (a new database): created under the umask above
    }
  }
  try {
    fs.chmodSync(backupDir, 0o700);
  } catch {
    // made later, under the umask
  }
}

function refuseIfHeldElsewhere(dbPath: string): void {
  const others = otherHolders(dbPath);
  if (others.length > 0) {
    throw new AppError(
      'BUSY',
      `Chưa khôi phục: dữ liệu đang mở trong chương trình khác (tiến trình ${others.join(', ')}: ứng dụng, máy chủ "npm run serve" hoặc một lệnh). ` +
        'Hãy đóng chương trình đó rồi khôi phục lại, để không mất dữ liệu nó đang ghi.',
    );
  }
}
