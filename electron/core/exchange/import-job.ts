import fs from 'node:fs';
import path from 'node:path';
import type { ExchangeBatchItem } from '../../../shared/api/exchange';
import { Core } from '../core';
import { uploadFile } from '../excel/uploads';
import { checkCancelled, type JobHandler } from '../jobs/types';
import { formatDateTimeVi } from '../../../shared/text/format';
import { importPackages, type OlderWords } from './import';
import { withUploadedPackages } from './services';

/** The batch's words for an older package: the screen's box to tick, times as on screen. */
const BATCH_OLDER_WORDS: OlderWords = { force: 'Nếu thật sự cần nhập, đánh dấu “Nhập cả gói cũ hơn” rồi nhập lại.', time: formatDateTimeVi };

/**
 * The batch import from the screen, as a long job (issue 13): a province's commune packages, one
 * backup before the batch, each package all or nothing (import.ts importPackages), progress after
 * each package; cancel stops before the next package (those committed stay, and are reported).
 * The passphrase lives only in the job's input, in memory: never logged, never audited.
 */
export const importBatchJob: JobHandler<'exchange.importBatch'> = {
  run(ctx, input) {
    checkCancelled(ctx);
    const total = input.packages.length;
    ctx.progress(0, total, 'Đang mở dữ liệu…');
    const core = new Core({ dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, actor: ctx.actor });
    try {
      const r = withUploadedPackages(ctx.dbPath, input.packages, (files) =>
        importPackages(core, files, input.passphrase, {
          force: input.force,
          olderWords: BATCH_OLDER_WORDS,
          cancelled: () => ctx.cancelled(),
          onProgress: (done, all, item) => ctx.progress(done, all, `Đã xử lý ${done}/${all} gói (vừa xong: ${path.basename(item.file)})`),
        }),
      );
      const items: ExchangeBatchItem[] = r.items.map((item, i) => {
        const fileName = path.basename(item.file);
        if (!item.ok) {
          return { fileName, ok: false, imported: false, alreadyImported: false, forced: false, unit: null, counts: null, error: item.error };
        }
        // Imported (or imported before): the upload has served.
        fs.rmSync(uploadFile(ctx.dbPath, input.packages[i]!.upload), { force: true });
        const p = item.result.preview;
        return {
          fileName,
          ok: true,
          imported: item.result.imported,
          alreadyImported: p.alreadyImported,
          forced: item.result.imported && p.older !== null,
          unit: p.unit,
          counts: p.counts,
          error: null,
        };
      });
      const skipped = input.packages.slice(items.length).map((p) => p.fileName ?? p.upload);
      ctx.progress(items.length, total, skipped.length > 0 ? `Đã dừng sau ${items.length}/${total} gói` : `Đã xử lý ${total} gói`);
      return {
        imported: items.filter((i) => i.imported).length,
        alreadyImported: items.filter((i) => i.ok && !i.imported).length,
        refused: items.filter((i) => !i.ok).length,
        backupName: r.backupFile ? path.basename(r.backupFile) : null,
        items,
        skipped,
      };
    } finally {
      core.close();
    }
  },
};
