// Contract entries of a commune's villages and residential groups, keyed, pasted or imported at setup (issue 11).
import { z } from 'zod';
import { AreaSchema, type Area } from '../engine/ruleset';
import { VILLAGE_TYPES } from '../domain/villages';
import { Id } from './common';
import { UPLOAD_ID_PATTERN } from './files';

const VillageTypeSchema = z.enum(VILLAGE_TYPES);

/** The most villages one paste or file adds (a commune has a few dozen). */
export const MAX_VILLAGES_AT_ONCE = 1000;
/** The longest village name taken. */
export const MAX_VILLAGE_NAME = 100;

export const villageApiInputs = {
  /** The villages of a commune, in Vietnamese order, with their area and households in the latest round. */
  'villages.list': z.object({ communeId: Id }),
  /** Adds one village; a name the commune already has is refused (the result says why). */
  'villages.add': z.object({
    communeId: Id,
    type: VillageTypeSchema,
    name: z.string().max(200),
    code: z.string().max(40).optional(),
    area: AreaSchema.optional(),
  }),
  /**
   * Villages pasted as text, one a line ("Ấp Bình Thạnh", or a bare name that takes defaultType),
   * or a table with a header line (Mã, Tên, Loại, Khu vực) copied from Excel. With preview, only
   * checks; otherwise adds them all in one transaction, or none when a line has a problem.
   */
  'villages.paste': z.object({
    communeId: Id,
    text: z.string().max(200_000),
    defaultType: VillageTypeSchema,
    defaultArea: AreaSchema.optional(),
    preview: z.boolean(),
  }),
  /** The same from an uploaded .xlsx (first sheet; columns Mã, Tên, Loại, Khu vực). */
  'villages.import': z.object({
    communeId: Id,
    upload: z.string().regex(UPLOAD_ID_PATTERN),
    defaultType: VillageTypeSchema,
    defaultArea: AreaSchema.optional(),
    preview: z.boolean(),
  }),
  /** The area (nông thôn / thành thị) a new household of the village gets by default. */
  'villages.setArea': z.object({ villageId: Id, area: AreaSchema }),
} as const;

export interface VillageRow {
  id: number;
  code: string;
  /** thon, ap, to_dan_pho… (shared/domain/villages.ts). */
  type: string;
  name: string;
  fullName: string;
  area: Area;
  /** Households of the village in the latest round. */
  householdCount: number;
}

/** One village of a paste or a file as it would be added, or the problem that stops it (Vietnamese). */
export interface VillagePlanRow {
  /** The line of the paste or the row of the sheet. */
  line: number;
  code: string;
  type: string;
  name: string;
  fullName: string;
  area: Area;
  problem: string | null;
}

/** What adding villages did, or (preview) would do. Nothing is added when a row has a problem. */
export interface VillagePlanResult {
  preview: boolean;
  /** True when the villages were added (never in a preview, never with a problem). */
  added: boolean;
  rows: VillagePlanRow[];
  /** Rows with a problem. */
  problems: number;
  /** A problem of the whole paste or file (no name column, too many rows), or null. */
  message: string | null;
  backupFile: string | null;
}

export interface VillageApiOutputs {
  'villages.list': VillageRow[];
  'villages.add': VillagePlanResult;
  'villages.paste': VillagePlanResult;
  'villages.import': VillagePlanResult;
  'villages.setArea': VillageRow;
}
