import fs from 'node:fs';
import path from 'node:path';
import type { documentJobInputs, DocumentJobResult } from '../../../shared/api/documents';
import type { DocumentId } from '../../../shared/api/documents';
import { spawnWorker } from '../jobs/spawn';
import { checkCancelled, JobCancelled, type JobContext, type JobHandler } from '../jobs/types';
import type { WorkerData, WorkerMessage } from '../jobs/worker';
import { renderDocument, renderDossier, renderUnnumbered, type RenderAside, type RenderTarget, type Step } from './render';
import type { z } from 'zod';

type Input<K extends keyof typeof documentJobInputs> = z.output<(typeof documentJobInputs)[K]>;

/** Progress to the job's caller, and a stop between steps once the user cancelled. */
const stepOf =
  (ctx: JobContext): Step =>
  (done, total, message) => {
    checkCancelled(ctx);
    ctx.progress(done, total, message);
  };

const render: JobHandler = {
  async run(ctx, input: Input<'documents.render'>): Promise<DocumentJobResult> {
    const target = { dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId };
    const out = await renderDocument(target, input.doc, stepOf(ctx), { prefill: input.prefill, householdId: input.householdId, villageId: input.villageId });
    checkCancelled(ctx);
    fs.writeFileSync(path.join(ctx.outDir, out.name), out.pdf);
    return { files: [{ name: out.name, pages: out.pages, doc: input.doc }] };
  },
};

/** Internal: one document without page numbers into a file, in a helper thread of the dossier job. */
interface PartInput {
  roundId: number;
  unitId: number;
  doc: DocumentId;
  file: string;
}
const part: JobHandler = {
  async run(ctx, input: PartInput): Promise<{ file: string; pages: number }> {
    const out = await renderUnnumbered({ dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId }, input.doc);
    fs.writeFileSync(input.file, out.pdf);
    return { file: input.file, pages: out.pages };
  },
};

/** Renders a document in a second worker thread that stops with the job (same cancel flag). */
function asideIn(ctx: JobContext, target: RenderTarget): RenderAside {
  return (doc) =>
    new Promise((resolve, reject) => {
      const file = path.join(ctx.outDir, `.part-${doc}.pdf`);
      const data: WorkerData = {
        jobId: `${ctx.jobId}-${doc}`,
        actor: ctx.actor,
        kind: 'documents.part' as WorkerData['kind'],
        input: { roundId: target.roundId, unitId: target.unitId, doc, file } satisfies PartInput,
        dbPath: ctx.dbPath,
        resourcesDir: ctx.resourcesDir,
        outDir: ctx.outDir,
        cancelFlag: ctx.cancelFlag,
      };
      const worker = spawnWorker(data);
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'done') {
          settled = true;
          const r = m.result as { file: string; pages: number };
          const pdf = fs.readFileSync(r.file);
          fs.rmSync(r.file, { force: true });
          resolve({ pdf, pages: r.pages });
        } else if (m.type === 'cancelled') {
          settled = true;
          reject(new JobCancelled());
        } else if (m.type === 'failed') {
          settled = true;
          reject(new Error(`${doc}: ${m.message}`));
        }
      });
      worker.on('error', (e) => {
        if (!settled) reject(e);
      });
      worker.on('exit', () => {
        if (!settled) reject(ctx.cancelled() ? new JobCancelled() : new Error(`${doc}: the helper thread stopped`));
      });
    });
}

const dossier: JobHandler = {
  async run(ctx, input: Input<'documents.dossier'>): Promise<DocumentJobResult> {
    const target = { dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId };
    return renderDossier(target, ctx.outDir, stepOf(ctx), asideIn(ctx, target));
  },
};

/** The documents' long jobs (PDF rendering), by kind; see shared/api/documents.ts. */
export const documentJobs: Record<string, JobHandler> = {
  'documents.render': render,
  'documents.dossier': dossier,
  'documents.part': part,
};
