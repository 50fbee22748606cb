/** Calls of this area: the unit register, the office's setup and its villages (issue 11). Merged into the contract (contract.ts). */
import { z } from 'zod';

/** A unit's GSO code: 2 digits (province), 3 (district) or 5 (commune). */
const UnitCode = z.string().trim().regex(/^\d{2,5}$/u, 'Mã đơn vị gồm 2 đến 5 chữ số (ví dụ 30487)');

export const unitApiInputs = {
  /** Whether the database is set up: the office, the register loaded, how many rounds exist. */
  'setup.status': z.object({}),
  /** Records the office: a current commune (xã, phường, đặc khu) or province, by its GSO code. */
  'setup.office': z.object({ unitCode: UnitCode }),
  /**
   * Units whose name contains the text (case, diacritics, đ/d and tone-mark placement folded); at
   * most 30, or within one province (provinceCode) at most 500, so all of its communes fit.
   */
  'units.find': z.object({
    text: z.string().trim().min(1).max(100),
    level: z.enum(['province', 'commune']).optional(),
    /** true: only units of the current map (valid today); false: only abolished ones; absent: both. */
    current: z.boolean().optional(),
    /**
     * Only units of this province on their own map (a current commune's parent; an old commune's
     * district's parent): a province office's picker of its communes. Filtered before the cut.
     */
    provinceCode: z
      .string()
      .trim()
      .regex(/^\d{2}$/u, 'Mã tỉnh gồm 2 chữ số (ví dụ 91 là tỉnh An Giang)')
      .optional(),
  }),
} as const;

/** The office this database belongs to. */
export interface OfficeView {
  unitId: number;
  code: string;
  level: 'commune' | 'province';
  /** The type's slug (xa, phuong, dac_khu, tinh, thanh_pho_tw). */
  type: string;
  name: string;
  /** "Xã Bình Mỹ", "Tỉnh An Giang". */
  fullName: string;
  /** The province's full name for a commune office; null for a province office. */
  provinceName: string | null;
}

/** The register version loaded into the database (the latest). */
export interface RegisterStatus {
  version: string;
  loadedAt: string;
  /** Provinces and communes of the current map. */
  provinces: number;
  communes: number;
}

export interface SetupStatus {
  office: OfficeView | null;
  register: RegisterStatus | null;
  roundCount: number;
}

/** A unit found by name. */
export interface UnitFound {
  id: number;
  code: string;
  level: 'province' | 'district' | 'commune';
  type: string;
  name: string;
  fullName: string;
  /** The parent's full name: the district of an old commune, the province of a new one or of a district; null for a province. */
  parentName: string | null;
  /** The province's full name (null for a province). */
  provinceName: string | null;
  validFrom: string;
  validTo: string | null;
  /** No longer on the current map. */
  abolished: boolean;
  /** For an abolished commune: the new commune(s) it became (several when it was divided). */
  becameCodes: string[];
  becameNames: string[];
}

export interface UnitApiOutputs {
  'setup.status': SetupStatus;
  'setup.office': OfficeView;
  'units.find': UnitFound[];
}
