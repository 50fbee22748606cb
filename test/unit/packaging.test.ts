/**
 * The installer ships every folder of resources/ the application reads at run time: a folder
 * missing from electron-builder.yml's filter would work here and fail on the officers' machines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, RESOURCES } from '../helpers';

describe('packaging', () => {
  it('lists every resources folder in electron-builder.yml (build/ holds the installer’s own files)', () => {
    const yml = fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8');
    const filtered = [...yml.matchAll(/^\s+- ([\w-]+)\/\*\*$/gmu)].map((m) => m[1]);
    const folders = fs
      .readdirSync(RESOURCES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'build')
      .map((d) => d.name);
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) expect(filtered, f).toContain(f);
  });
});
