import fs from 'node:fs';
import path from 'node:path';
import { PREFILLABLE, type DocumentId, type DocumentJobOutputs } from '../../../shared/api/documents';
import { spawnWorker } from '../jobs/spawn';
import { checkCancelled, JobCancelled, type JobContext, type JobHandlers } from '../jobs/types';
import type { WorkerData, WorkerMessage } from '../jobs/worker';
import { renderDocument, renderDossier, renderUnnumbered, type RenderAside, type RenderTarget, type Step } from './render';
import { writeFileAtomic } from '../write-atomic';
import { logBulkReadIn } from '../db/audit';
import { DOCUMENTS } from './registry';

/** Progress to the job's caller, and a stop between steps once the user cancelled. */
const stepOf =
  (ctx: JobContext): Step =>
  (done, total, message) => {
    checkCancelled(ctx);
    ctx.progress(done, total, message);
  };

/** Internal: one document without page numbers into a file, in a helper thread of the dossier job. */
export interface PartInput {
  roundId: number;
  unitId: number;
  doc: DocumentId;
  file: string;
}
export interface PartResult {
  pages: number;
}

/** The helper thread's task (not a job of the contract: the dossier job starts it, see asideIn). */
export async function renderPart(ctx: JobContext, input: PartInput): Promise<PartResult> {
  const out = await renderUnnumbered({ dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId }, input.doc);
  writeFileAtomic(input.file, out.pdf);
  return { pages: out.pages };
}

/** Renders a document in a second worker thread that stops with the job (same cancel flag). */
function asideIn(ctx: JobContext, target: RenderTarget): RenderAside {
  return (doc) =>
    new Promise((resolve, reject) => {
      const file = path.join(ctx.outDir, `.part-${doc}.pdf`);
      const data: WorkerData = {
        jobId: `${ctx.jobId}-${doc}`,
        actor: ctx.actor,
        task: { kind: 'documents.part', input: { roundId: target.roundId, unitId: target.unitId, doc, file } },
        dbPath: ctx.dbPath,
        resourcesDir: ctx.resourcesDir,
        outDir: ctx.outDir,
        cancelFlag: ctx.cancelFlag,
      };
      const worker = spawnWorker(data);
      let settled = false;
      // A cancel stops the helper thread at once: pdfmake lays out a long list in one go, and the
      // officer who pressed Hủy should not wait for it.
      const watch = setInterval(() => {
        if (ctx.cancelled()) {
          settle(() => reject(new JobCancelled()));
          void worker.terminate();
        }
      }, 100);
      function settle(then: () => void): void {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        then();
      }
      worker.on('message', (m: WorkerMessage<PartResult>) => {
        if (m.type === 'done') {
          settle(() => {
            const pdf = fs.readFileSync(file);
            fs.rmSync(file, { force: true });
            resolve({ pdf, pages: m.result.pages });
          });
        } else if (m.type === 'cancelled') {
          settle(() => reject(new JobCancelled()));
        } else if (m.type === 'failed') {
          settle(() => reject(new Error(`${doc}: ${m.message}`)));
        }
      });
      worker.on('error', (e) => settle(() => reject(e)));
      worker.on('exit', () => settle(() => reject(ctx.cancelled() ? new JobCancelled() : new Error(`${doc}: luồng in tài liệu dừng bất ngờ (có thể máy thiếu bộ nhớ): hãy đóng bớt chương trình khác rồi in lại.`))));
    });
}

/** The documents' long jobs (PDF rendering), by kind; see shared/api/documents.ts. */
export const documentJobs: JobHandlers<keyof DocumentJobOutputs> = {
  'documents.render': {
    async run(ctx, input) {
      const target = { dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId };
      const out = await renderDocument(target, input.doc, stepOf(ctx), { prefill: input.prefill, householdId: input.householdId, villageId: input.villageId });
      checkCancelled(ctx);
      writeFileAtomic(path.join(ctx.outDir, out.name), out.pdf);
      // A print of personal data is logged (who, which unit, how many households and people);
      // a blank form holds no one's data.
      const blank = PREFILLABLE[input.doc] !== undefined && !input.prefill;
      if (!blank) {
        const detail = { title: DOCUMENTS[input.doc].title, pages: out.pages, prefill: input.prefill };
        const read = { actor: ctx.actor, kind: 'document', action: 'print', unitId: input.unitId, roundId: input.roundId, what: input.doc, file: out.name, detail } as const;
        logBulkReadIn(ctx.dbPath, read, { householdId: input.householdId, villageId: input.villageId });
      }
      return { files: [{ name: out.name, pages: out.pages, doc: input.doc }] };
    },
  },
  'documents.dossier': {
    async run(ctx, input) {
      const target = { dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId };
      const out = await renderDossier(target, ctx.outDir, stepOf(ctx), asideIn(ctx, target));
      const dossier = out.files.find((f) => f.doc === 'dossier');
      logBulkReadIn(ctx.dbPath, {
        actor: ctx.actor,
        kind: 'document',
        action: 'print',
        unitId: input.unitId,
        roundId: input.roundId,
        what: 'dossier',
        file: dossier?.name ?? null,
        detail: { title: 'Hồ sơ công nhận', pages: dossier?.pages ?? null, documents: out.files.filter((f) => f.doc !== 'dossier').map((f) => f.doc) },
      });
      return out;
    },
  },
};
