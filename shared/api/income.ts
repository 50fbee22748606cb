// Contract entries of the income worksheet (issue 15 item 4): a household's 12-month income by
// source, less costs, without social allowances, ÷ members ÷ 12 (shared/engine/income.ts). Its
// result is the household's monthly income per person (answers.monthly_income), which the 2027
// rule and the middle-income procedure classify on.
import { z } from 'zod';
import { IncomeWorksheetSchema, type IncomeResult, type IncomeSource, type IncomeWorksheet } from '../engine/income';
import { Id } from './common';
import { HouseholdVersion, type LiveResult } from './entry';

export const incomeInputs = {
  /** The household's worksheet as saved (null before the first), its result and the sources to choose from. */
  'income.get': z.object({ householdId: Id }),
  /**
   * Saves the worksheet and sets the household's monthly income per person to its result, then
   * classifies the household again; audited (old and new). `version`: the household's version the
   * screen was opened on (a later save by someone else is refused, as for entry.save).
   */
  'income.save': z.object({ householdId: Id, version: HouseholdVersion.optional(), worksheet: IncomeWorksheetSchema }),
} as const;

export interface IncomeSourceOption {
  id: IncomeSource;
  label: string;
  /** False for the State's social allowances: recorded, not counted. */
  counted: boolean;
}

export interface IncomeView {
  householdId: number;
  /** Members of the household record (the worksheet's default divisor). */
  memberCount: number;
  worksheet: IncomeWorksheet | null;
  result: IncomeResult | null;
  /** answers.monthly_income as stored (keyed directly, or the worksheet's result). */
  monthlyIncome: number | null;
  sources: IncomeSourceOption[];
  updatedAt: string | null;
  updatedBy: string | null;
  version: number;
}

export interface IncomeSaveOutput {
  householdId: number;
  result: IncomeResult;
  /** The household's version after the save. */
  version: number;
  /** The household's class after the save, or null with `missing` saying what is still to key. */
  classification: LiveResult | null;
  missing: string[];
}

export interface IncomeOutputs {
  'income.get': IncomeView;
  'income.save': IncomeSaveOutput;
}
