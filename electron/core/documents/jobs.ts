import fs from 'node:fs';
import path from 'node:path';
import type { documentJobInputs, DocumentJobResult } from '../../../shared/api/documents';
import { checkCancelled, type JobContext, type JobHandler } from '../jobs/types';
import { renderDocument, renderDossier, type Step } from './render';
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
    const out = await renderDocument(target, input.doc, stepOf(ctx));
    checkCancelled(ctx);
    fs.writeFileSync(path.join(ctx.outDir, out.name), out.pdf);
    return { files: [{ name: out.name, pages: out.pages, doc: input.doc }] };
  },
};

const dossier: JobHandler = {
  async run(ctx, input: Input<'documents.dossier'>): Promise<DocumentJobResult> {
    const target = { dbPath: ctx.dbPath, resourcesDir: ctx.resourcesDir, roundId: input.roundId, unitId: input.unitId };
    return renderDossier(target, ctx.outDir, stepOf(ctx));
  },
};

/** The documents' long jobs (PDF rendering), by kind; see shared/api/documents.ts. */
export const documentJobs: Record<string, JobHandler> = {
  'documents.render': render,
  'documents.dossier': dossier,
};
