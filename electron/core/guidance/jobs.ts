import path from 'node:path';
import type { GuidanceJobOutputs } from '../../../shared/api/guidance';
import { openDatabase } from '../db/connection';
import { renderHandbook } from '../documents/handbook';
import { checkCancelled, type JobHandlers } from '../jobs/types';
import { writeFileAtomic } from '../write-atomic';
import { guidanceOf, loadGuidanceBooks, ruleSetOfTarget } from './load';

/** The handbook job: the guidance of the round's (or the rule set's) period as a PDF. */
export const guidanceJobs: JobHandlers<keyof GuidanceJobOutputs> = {
  'guidance.handbook': {
    async run(ctx, input) {
      ctx.progress(0, 2, 'Đang đọc hướng dẫn');
      const db = openDatabase(ctx.dbPath, { readonly: true });
      let view;
      try {
        view = guidanceOf(loadGuidanceBooks(ctx.resourcesDir), ruleSetOfTarget(db.sqlite, ctx.resourcesDir, ctx.dbPath, input));
      } finally {
        db.close();
      }
      checkCancelled(ctx);
      ctx.progress(1, 2, 'Đang dựng sổ tay');
      const out = await renderHandbook(ctx.resourcesDir, view);
      checkCancelled(ctx);
      const name = `so-tay-huong-dan-${view.ruleSet.id}.pdf`;
      writeFileAtomic(path.join(ctx.outDir, name), out.pdf);
      ctx.progress(2, 2, 'Xong');
      return { files: [{ name, pages: out.pages }] };
    },
  },
};
