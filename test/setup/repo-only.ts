// Every test file runs with this guard (vitest.config.ts setupFiles): reading or opening a path
// beside the repository, such as the domain handbook in ../shared, throws. A clone of the
// repository alone must pass `npm test`, so nothing in the tests may depend on what lies beside it.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARENT = path.dirname(REPO);

/** True for a path inside the repository's parent folder but outside the repository. */
export function besideRepo(target: unknown): boolean {
  if (typeof target !== 'string' && !(target instanceof URL)) return false;
  const file = path.resolve(target instanceof URL ? fileURLToPath(target) : target);
  const inParent = file === PARENT || file.startsWith(PARENT + path.sep);
  const inRepo = file === REPO || file.startsWith(REPO + path.sep);
  return inParent && !inRepo;
}

const guarded = ['readFileSync', 'openSync', 'readdirSync', 'statSync', 'existsSync', 'createReadStream', 'readFile', 'open', 'readdir', 'stat'] as const;
const fsAny = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of guarded) {
  const original = fsAny[name]!;
  fsAny[name] = function (this: unknown, ...args: unknown[]) {
    if (besideRepo(args[0])) throw new Error(`Test read outside the repository: ${String(args[0])}. Copy what the test needs into the repository, with its provenance.`);
    return original.apply(this, args);
  };
}
const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['readFile', 'open', 'readdir', 'stat'] as const) {
  const original = promises[name]!;
  promises[name] = function (this: unknown, ...args: unknown[]) {
    if (besideRepo(args[0])) return Promise.reject(new Error(`Test read outside the repository: ${String(args[0])}`));
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();

// Each test file's temporary folders go when it ends (vitest's workers do not always reach 'exit').
afterAll(removeTempDirs);
