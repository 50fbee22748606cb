import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers';

/**
 * The layer allowlist of eslint/layers.js really fires (house rules 1 and 3): sample code is placed
 * virtually in each folder and linted with the repository's own eslint.config.js.
 */
const RULE = 'layers/allowed-imports';
const eslint = new ESLint({ cwd: REPO });

async function messages(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages;
}
/** The rule ids reported for `import * as m from '<spec>'` in a file at filePath. */
async function ruleIdsFor(filePath: string, spec: string): Promise<string[]> {
  return (await messages(filePath, `import * as m from '${spec}';\nexport const a = m;\n`)).map((m) => m.ruleId ?? m.message);
}

type Case = { file: string; allowed: string[]; forbidden: string[] };
const cases: Case[] = [
  {
    file: 'shared/engine/sample.ts',
    allowed: ['./classify', '../text/fold', 'zod'],
    forbidden: [
      'node:fs', 'path', 'fs/promises', 'electron', 'better-sqlite3', 'kysely', 'exceljs', 'pdfmake', 'react',
      '../../renderer/src/api', '../../electron/core/core', '../../test/helpers', '../../resources/units/an-giang-chau-phu.json',
    ],
  },
  {
    file: 'renderer/src/entry/sample.tsx',
    allowed: ['./Fields', '../api', '../styles.css', '../../../shared/text/fold', 'react', 'react-dom/client'],
    forbidden: [
      'node:fs', 'os', 'electron', 'better-sqlite3', 'zod', 'exceljs', '../../../electron/core/core',
      '../../../electron/preload/index', '../../../electron/host/http', '../../../test/helpers',
    ],
  },
  {
    file: 'electron/core/entry/sample.ts',
    allowed: ['./save', '../db/connection', '../../../shared/text/fold', 'node:fs', 'path', 'better-sqlite3', 'kysely', 'exceljs', 'pdfmake/interfaces', 'pdf-lib', 'zod'],
    forbidden: [
      'electron', 'electron/main', 'react', '../../host/http', '../../main/index', '../../preload/index',
      '../../../renderer/src/api', '../../../test/helpers', 'playwright-core',
    ],
  },
  {
    file: 'electron/host/sample.ts',
    allowed: ['./http', '../core/core', '../../shared/api/contract', 'node:http', 'better-sqlite3'],
    forbidden: ['electron', '../main/index', '../preload/index', '../../renderer/src/api', 'react'],
  },
  {
    file: 'electron/main/sample.ts',
    allowed: ['electron', '../core/core', '../../shared/api/channels', 'node:path'],
    forbidden: ['../host/http', '../../renderer/src/api', 'better-sqlite3', 'react'],
  },
  {
    file: 'electron/preload/sample.ts',
    allowed: ['electron', '../../shared/api/channels'],
    forbidden: ['node:fs', '../core/core', '../main/index', '../../renderer/src/api', 'zod'],
  },
  {
    file: 'test/unit/sample.test.ts',
    allowed: ['vitest', 'node:fs', 'electron', '../../electron/core/core', '../../renderer/src/api', '../../shared/text/fold'],
    forbidden: [],
  },
];

describe('layer allowlist (eslint/layers.js)', () => {
  for (const { file, allowed, forbidden } of cases) {
    const layer = file.split('/').slice(0, file.startsWith('electron/') ? 2 : 1).join('/');
    if (forbidden.length) {
      it(`${layer}/ may not import ${forbidden.join(', ')}`, async () => {
        for (const spec of forbidden) expect({ spec, ids: await ruleIdsFor(file, spec) }).toEqual({ spec, ids: [RULE] });
      });
    }
    it(`${layer}/ may import ${allowed.join(', ')}`, async () => {
      for (const spec of allowed) expect({ spec, ids: await ruleIdsFor(file, spec) }).toEqual({ spec, ids: [] });
    });
  }

  it('checks every form of import, type-only ones included', async () => {
    const file = 'electron/core/sample.ts';
    const forms = [
      "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n",
      "export { app } from 'electron';\n",
      "export * from 'electron';\n",
      "export const load = () => import('electron');\n",
      "export type App = typeof import('electron').app;\n",
      "import electron = require('electron');\nexport const a = electron;\n",
      "export const a = require('electron');\n",
    ];
    for (const code of forms) {
      const ids = (await messages(file, code)).map((m) => m.ruleId);
      expect({ code, ids }).toEqual({ code, ids: expect.arrayContaining([RULE]) });
    }
  });

  it('reports an import whose path it cannot read', async () => {
    const [msg] = await messages('electron/core/sample.ts', 'export const load = (p: string) => import(p);\n');
    expect(msg?.ruleId).toBe(RULE);
    expect(msg?.message).toMatch(/literal path/);
  });

  it('says what the layer may import', async () => {
    const [msg] = await messages('shared/sample.ts', "import fs from 'node:fs';\nexport const a = fs;\n");
    expect(msg?.message).toBe("shared/ may import only shared/, 'zod': 'node:fs' is a Node built-in.");
  });

  it('a new folder under electron/ must be given a place in the table', async () => {
    const [msg] = await messages('electron/tools/sample.ts', 'export const a = 1;\n');
    expect(msg?.ruleId).toBe(RULE);
    expect(msg?.message).toMatch(/electron\/tools\/ is not a layer/);
    const [direct] = await messages('electron/sample.ts', 'export const a = 1;\n');
    expect(direct?.message).toMatch(/^electron\/ is not a layer/);
  });

  it('shared/ reaches for neither the DOM nor Node through a global; electron/ not for the DOM', async () => {
    const idsOf = async (file: string, code: string) => (await messages(file, code)).map((m) => m.ruleId);
    for (const code of ['export const a = () => document.title;\n', 'export const a = () => process.env;\n', 'export const a = () => Buffer.from("x");\n']) {
      expect({ code, ids: await idsOf('shared/engine/sample.ts', code) }).toEqual({ code, ids: ['no-restricted-globals'] });
    }
    for (const file of ['electron/core/sample.ts', 'electron/host/sample.ts', 'electron/main/sample.ts']) {
      expect(await idsOf(file, 'export const a = () => document.title;\n')).toEqual(['no-restricted-globals']);
      expect(await idsOf(file, 'export const a = () => process.env;\n')).toEqual([]);
    }
    // A local variable named window (a BrowserWindow in electron/main) is not the DOM's.
    expect(await idsOf('electron/main/sample.ts', 'export function f(window: { show(): void }) {\n  window.show();\n}\n')).toEqual([]);
  });

  it('the React hooks rules run on the renderer', async () => {
    const code = [
      "import { useEffect, useState } from 'react';",
      'export function Sample({ on, id }: { on: boolean; id: number }) {',
      '  if (on) useState(0);',
      '  useEffect(() => console.log(id), []);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    const ids = (await messages('renderer/src/sample.tsx', code)).map((m) => m.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['react-hooks/rules-of-hooks', 'react-hooks/exhaustive-deps']));
  });
});
