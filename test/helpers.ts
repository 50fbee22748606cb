import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiInput, ApiMethod, ApiOutput, ClassifySummary } from '../shared/api/contract';
import type { Envelope, ErrorCode } from '../shared/api/envelope';
import type { JobStartInput } from '../shared/api/jobs';
import { loadRuleSets } from '../electron/core/rulesets/load';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESOURCES = path.join(REPO, 'resources');
/** Fixtures copied from the domain handbook, with their provenance in its README. */
export const HANDBOOK_FIXTURES = path.join(REPO, 'test', 'fixtures', 'handbook');
export const registry = () => loadRuleSets([path.join(RESOURCES, 'standards')]);

const made: string[] = [];
/** Removes the temporary folders made so far (after each test file: test/setup/repo-only.ts). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
// A child process (a fixture run with tsx) removes its own folders when it ends.
process.on('exit', removeTempDirs);

/** A fresh temporary folder for one test file's databases, removed when the test file ends. */
export function tempDir(prefix = 'rasoat-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A call of the contract that answers its envelope: apiOf's send, a post to the HTTP host, dispatch. */
export type SendCall = <M extends ApiMethod>(method: M, input: ApiInput<M>) => Promise<Envelope<ApiOutput<M>>>;

/**
 * Classifies a round again as the screens do (workflow/Reclassify.tsx): the long job
 * rounds.reclassify started with jobs.start (checked like any call: the role, the input) and its
 * jobs.status polled until it ends. The job's summary, or its refusal: at the start (FORBIDDEN,
 * INVALID_INPUT) or from the worker (ROUND_LOCKED), with the job's code and message.
 */
export async function reclassify(send: SendCall, input: JobStartInput<'rounds.reclassify'>): Promise<Envelope<ClassifySummary>> {
  const started = await send('jobs.start', { kind: 'rounds.reclassify', input });
  if (!started.ok) return started;
  let job = started.value;
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const status = await send('jobs.status', { jobId: job.id });
    if (!status.ok) return status;
    job = status.value;
  }
  if (job.kind === 'rounds.reclassify' && job.state === 'done' && job.result) return { ok: true, value: job.result };
  return { ok: false, error: { code: (job.error?.code ?? 'INTERNAL') as ErrorCode, message: job.error?.message ?? `${job.kind}: ${job.state}` } };
}

/** reclassify's summary; a refusal throws with its code and message. */
export async function reclassified(send: SendCall, input: JobStartInput<'rounds.reclassify'>): Promise<ClassifySummary> {
  const answer = await reclassify(send, input);
  if (!answer.ok) throw new Error(`rounds.reclassify: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}
