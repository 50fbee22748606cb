// Classifying a round again, as a long job (house rule 6): in the worker thread, with progress and
// cancel, so a province's million households do not hold up every officer's calls on the LAN host.
import type { RoundJobOutputs } from '../../../shared/api/rounds';
import { formatNumberVi } from '../../../shared/text/format';
import { Core } from '../core';
import { checkCancelled, type JobHandlers } from '../jobs/types';
import { classifyRound } from './classify';

export const roundJobs: JobHandlers<keyof RoundJobOutputs> = {
  'rounds.reclassify': {
    run(ctx, input) {
      checkCancelled(ctx);
      ctx.progress(0, 1, 'Đang mở dữ liệu…');
      const core = new Core({ dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, actor: ctx.actor });
      try {
        const summary = classifyRound(core.db.sqlite, core.registry, input.roundId, {
          ...(input.communeId ? { communeId: input.communeId } : {}),
          actor: ctx.actor,
          // After each chunk: a cancel stops the one write, which leaves every result as it was.
          onChunk: (done, total) => {
            ctx.progress(done, total, `Đã phân loại ${formatNumberVi(done)}/${formatNumberVi(total)} hộ`);
            checkCancelled(ctx);
          },
        });
        ctx.progress(1, 1, `Đã phân loại ${formatNumberVi(summary.classified)} hộ`);
        return summary;
      } finally {
        core.close();
      }
    },
  },
};
