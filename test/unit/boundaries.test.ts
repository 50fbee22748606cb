import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers';

/** The layer rules of eslint.config.js really fire (house rules 1, 3 and 8). */
const eslint = new ESLint({ cwd: REPO });
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  it('shared/ may not import Node', async () => {
    expect(await ruleIds('shared/engine/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/engine/x.ts', "import path from 'path';\nexport const a = path;\n")).toContain('no-restricted-imports');
  });
  it('shared/ may not use DOM or Node globals', async () => {
    expect(await ruleIds('shared/engine/x.ts', 'export const a = () => document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/engine/x.ts', 'export const a = () => process.env;\n')).toContain('no-restricted-globals');
  });
  it('shared/ may not import the database or electron', async () => {
    expect(await ruleIds('shared/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
  });
  it('renderer/ may import only shared/', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import { Core } from '../../electron/core/core';\nexport const a = Core;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { fold } from '../../shared/text/fold';\nexport const a = fold;\n")).toEqual([]);
  });
  it('electron/core never imports electron; electron/main may', async () => {
    expect(await ruleIds('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
