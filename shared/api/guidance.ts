// Contract entries of the guidance on every field (issue 15 item 6): F1 on the entry screen, and
// the enumerators' handbook (Sổ tay hướng dẫn rà soát viên) as a PDF job.
import { z } from 'zod';
import type { GuidanceBook } from '../guidance/schema';
import { Id } from './common';

/** A round (its rule set's period) or a rule set by id; exactly one. */
const Which = z.union([z.strictObject({ roundId: Id }), z.strictObject({ ruleSetId: z.string().min(1).max(80) })], {
  error: 'Chọn một đợt rà soát (roundId) hoặc một bộ tiêu chí (ruleSetId).',
});

export const guidanceInputs = {
  /** The guidance of every box of the entry screen for the rule set's period. */
  'guidance.get': Which,
} as const;

export const guidanceJobInputs = {
  /** The enumerators' handbook as a PDF (output: so-tay-<rule set>.pdf). */
  'guidance.handbook': Which,
} as const;

export interface GuidanceView extends Omit<GuidanceBook, '$comment'> {
  /** The rule set the guidance was chosen for, and its words for the areas ("đô thị" from 2027). */
  ruleSet: { id: string; version: string; title: string; areaLabels: { rural: string; urban: string } };
}

export interface GuidanceOutputs {
  'guidance.get': GuidanceView;
}

export interface GuidanceJobOutputs {
  'guidance.handbook': { files: { name: string; pages: number }[] };
}
