import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from './db/connection';
import type { Migration } from './db/migrations';
import { autoBackup, hasBackupToday, restoreFile, DEFAULT_KEEP } from './backup/backup';
import { JobRunner } from './jobs/runner';
import { backupDirFor } from './paths';
import { loadRuleSets, ruleSetDirs, type RuleSetRegistry } from './rulesets/load';

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
}

/**
 * The engine room: one open database, the rule sets, the backup folder. The desktop app, the
 * HTTP host, the CLI and the tests all build the same Core.
 */
export class Core {
  db: Db;
  registry: RuleSetRegistry;
  readonly backupDir: string;
  readonly actor: string;
  readonly jobs: JobRunner;
  private readonly keep: number;

  constructor(readonly options: CoreOptions) {
    this.backupDir = options.backupDir ?? backupDirFor(options.dbPath);
    this.keep = options.keepBackups ?? DEFAULT_KEEP;
    this.actor = options.actor ?? 'officer';
    this.registry = this.loadRegistry();
    this.db = this.open();
    this.jobs = new JobRunner({
      dbPath: () => path.resolve(options.dbPath),
      resourcesDir: options.resourcesDir,
      exportsDir: path.join(path.dirname(path.resolve(options.dbPath)), 'exports'),
      actor: this.actor,
    });
    if (options.dailyBackup && fs.statSync(options.dbPath).size > 0 && !hasBackupToday(this.backupDir)) {
      autoBackup(this.db.sqlite, this.backupDir, 'daily', this.keep);
    }
  }

  /** Shipped rule sets first; an administrator's copy in the data folder replaces one of the same id. */
  private loadRegistry(): RuleSetRegistry {
    return loadRuleSets(ruleSetDirs(this.options.resourcesDir, this.options.dbPath));
  }

  /** Reads the rule sets again (after an administrator loaded a table into a copy). */
  reloadRuleSets(): void {
    this.registry = this.loadRegistry();
  }

  private open(): Db {
    return openDatabase(this.options.dbPath, {
      ...(this.options.migrations ? { migrations: this.options.migrations } : {}),
      backupBeforeMigration: (sqlite) => autoBackup(sqlite, this.backupDir, 'before-migration', this.keep),
    });
  }

  backup(reason: Parameters<typeof autoBackup>[2]) {
    return autoBackup(this.db.sqlite, this.backupDir, reason, this.keep);
  }

  /** Replaces the database with a backup (the current one is backed up first) and reopens it. */
  restore(file: string): void {
    const source = path.resolve(file);
    const current = this.db;
    restoreFile(source, path.resolve(this.options.dbPath), () => {
      autoBackup(current.sqlite, this.backupDir, 'before-restore', this.keep);
      current.close();
    });
    this.db = this.open();
  }

  close(): void {
    void this.jobs.close();
    this.db.close();
  }
}
