import type { Migration } from '../db/migrations';

/** This area's numbered migrations (listed in electron/core/db/migrations.ts). */
export const ENTRY_MIGRATIONS: readonly Migration[] = [];
