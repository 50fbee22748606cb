import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { excelInputs } from '../../../shared/api/excel';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { recordLoadedInApp } from '../rulesets/confirm';
import { loadRuleTable, writeB1Template } from './ruletables';
import { writeTemplate } from './template';
import { uploadFile, uploadGone } from './uploads';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The handlers of this area's calls (shared/api/excel.ts). */
export function excelServices(core: Core): ServicesFor<keyof typeof excelInputs> {
  return {
    'excel.template': async ({ communeId }) => {
      let villages: string[] = [];
      if (communeId) {
        villages = core.db.sqlite
          .prepare(`SELECT name FROM units WHERE level = 'village' AND parent_id = ? ORDER BY name_sort`)
          .pluck()
          .all(communeId) as string[];
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-template-'));
      try {
        const file = path.join(dir, 'mau-danh-sach-ho.xlsx');
        await writeTemplate(file, { villages });
        return { name: 'mau-danh-sach-ho.xlsx', mime: XLSX_MIME, base64: fs.readFileSync(file).toString('base64') };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    'excel.ruleTable.template': async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-template-'));
      try {
        const file = path.join(dir, 'mau-bang-diem-b1.xlsx');
        await writeB1Template(file);
        return { name: 'mau-bang-diem-b1.xlsx', mime: XLSX_MIME, base64: fs.readFileSync(file).toString('base64') };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    'excel.ruleTable.load': async (input) => {
      const base = core.registry.require(input.ruleSetId);
      const file = uploadFile(core.options.dbPath, input.upload);
      if (!fs.existsSync(file)) throw uploadGone();
      {
        const standards = path.join(path.dirname(path.resolve(core.options.dbPath)), 'standards');
        const { ruleSet, file: saved } = await loadRuleTable(base, file, standards, {
          part: input.part,
          document: input.document,
          date: input.date,
          by: core.actor,
          verified: input.verified,
          synthetic: input.synthetic,
        });
        // Loaded by an administrator in the app: that is the confirmation (who, when), so the copy
        // is used from now on, without a restart.
        recordLoadedInApp(core.db.sqlite, saved, ruleSet, core.actor, core.registry.get(ruleSet.id));
        core.reloadRuleSets();
        const value = ruleSet[input.part].value;
        const items = value ? value.items.length : 0;
        return { id: ruleSet.id, version: ruleSet.version, status: input.verified ? 'confirmed' : 'to_verify', items, file: saved };
      }
    },
  };
}
