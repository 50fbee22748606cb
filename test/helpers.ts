import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
