import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSets } from '../electron/core/rulesets/load';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESOURCES = path.join(REPO, 'resources');
export const SHARED_HANDBOOK = path.resolve(REPO, '..', 'shared');
export const registry = () => loadRuleSets([path.join(RESOURCES, 'standards')]);

/** A fresh temporary folder for one test file's databases. */
export function tempDir(prefix = 'rasoat-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
