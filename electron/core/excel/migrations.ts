import type { Migration } from '../db/migrations';

/** This area's numbered migrations (listed in electron/core/db/migrations.ts). */
export const EXCEL_MIGRATIONS: readonly Migration[] = [];
