import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiOf, dispatchAsAdmin as dispatch } from '../fixtures/api';
import { createServices, type Services } from '../../electron/core/api/services';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import { Core } from '../../electron/core/core';
import { ruleSetDiff } from '../../shared/engine/ruleset-diff';
import { writeB1Template } from '../../electron/core/excel/ruletables';
import { saveUpload } from '../../electron/core/excel/uploads';
import { SYNTHETIC_B1_ROWS } from '../fixtures/excel/b1-synthetic';
import { seedSmall } from '../fixtures/small-db';
import { reclassified, reclassify, RESOURCES, tempDir } from '../helpers';

// Issue 10 item 8: a rule set dropped or changed by hand in the data folder's standards/ is not
// used silently. The app shows what changed against the shipped one and uses it only once an
// administrator confirmed exactly that file in the app (audited).

const shippedText = fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8');

/** The shipped national rule set with a new version and a higher rural income line. */
function handChanged(rural: number, version: string): string {
  const rs = JSON.parse(shippedText) as { version: string; incomeLines: { value: { rural: number } } };
  rs.version = version;
  rs.incomeLines.value.rural = rural;
  return JSON.stringify(rs, null, 2);
}

async function call<M extends ApiMethod>(services: Services, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const e = await dispatch(services, method, input);
  if (!e.ok) throw new Error(`${method}: ${e.error.code} ${e.error.message}`);
  return e.value as ApiOutput<M>;
}

function versionOfResults(core: Core): string[] {
  return core.db.sqlite.prepare('SELECT DISTINCT rule_set_version FROM results').pluck().all() as string[];
}

describe('an administrator copy changed by hand in the data folder', () => {
  it('is not used until confirmed; shows its changes; is used once confirmed (audited); pending again after a later edit', async () => {
    const dir = tempDir('rasoat-rules-confirm-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const standards = path.join(dir, 'standards');
    const first = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'quản trị' });
    const { roundId } = seedSmall(first);
    first.close();

    fs.mkdirSync(standards);
    const copy = path.join(standards, 'vn-2022-2026.json');
    fs.writeFileSync(copy, handChanged(2_000_000, '2022.1-tinh'));

    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'quản trị' });
    try {
      const services = createServices(core);
      const { send } = apiOf(() => services);
      // (a) not used: classification still uses the shipped rule set
      expect(core.registry.require('vn-2022-2026').version).toBe('2022.1');
      const c1 = await reclassify(send, { roundId });
      expect(c1).toMatchObject({ ok: true, value: { ruleSet: { id: 'vn-2022-2026', version: '2022.1' } } });
      expect(versionOfResults(core)).toEqual(['2022.1']);

      // (b) listed as pending, with what changed against the shipped one
      const p1 = { value: await call(services, 'rulesets.pending', {}) };
      expect(p1.value.pending).toHaveLength(1);
      const pending = p1.value.pending[0]!;
      expect(pending).toMatchObject({ id: 'vn-2022-2026', version: '2022.1-tinh', file: copy, against: { version: '2022.1', source: 'shipped' } });
      expect(pending.sha256).toMatch(/^[0-9a-f]{64}$/u);
      const paths = pending.changes.map((ch) => ch.path);
      expect(paths).toEqual(['version', 'incomeLines.value.rural']);
      expect(pending.changes[1]).toMatchObject({ kind: 'changed', before: 1_500_000, after: 2_000_000 });
      expect(pending.changes[1]!.label).toContain('chuẩn thu nhập');
      expect(p1.value.problems).toEqual([]);

      // a confirmation of other bytes (a stale screen) is refused and changes nothing
      const stale = await dispatch(services, 'rulesets.confirm', { id: 'vn-2022-2026', sha256: '0'.repeat(64) });
      expect(stale.ok).toBe(false);
      expect(core.registry.require('vn-2022-2026').version).toBe('2022.1');

      // (c) confirmed by its hash: used at once, and audited (who, when, old, new)
      const ok = await dispatch(services, 'rulesets.confirm', { id: 'vn-2022-2026', sha256: pending.sha256 });
      expect(ok).toMatchObject({ ok: true, value: { id: 'vn-2022-2026', version: '2022.1-tinh', confirmedBy: 'quản trị' } });
      expect(core.registry.require('vn-2022-2026').version).toBe('2022.1-tinh');
      expect(core.registry.require('vn-2022-2026').incomeLines.value?.rural).toBe(2_000_000);
      const audit = core.db.sqlite.prepare(`SELECT actor, action, old_value, new_value FROM audit WHERE entity = 'rule_set'`).all() as {
        actor: string;
        action: string;
        old_value: string;
        new_value: string;
      }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'quản trị', action: 'confirm' });
      expect(JSON.parse(audit[0]!.old_value)).toMatchObject({ version: '2022.1' });
      expect(JSON.parse(audit[0]!.new_value)).toMatchObject({ version: '2022.1-tinh', sha256: pending.sha256 });
      const p2 = await dispatch(services, 'rulesets.pending', {});
      expect(p2).toMatchObject({ ok: true, value: { pending: [] } });
      await reclassified(send, { roundId });
      expect(versionOfResults(core)).toEqual(['2022.1-tinh']);
      const listed = { value: await call(services, 'ruleSets.list', {}) };
      expect(listed.value.find((r) => r.id === 'vn-2022-2026')?.administrator).toMatchObject({ file: copy, confirmedBy: 'quản trị' });
    } finally {
      core.close();
    }

    // still used at the next start; a later edit by hand makes it pending again (the shipped one is used)
    const again = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(again.registry.require('vn-2022-2026').version).toBe('2022.1-tinh');
    } finally {
      again.close();
    }
    fs.writeFileSync(copy, handChanged(2_100_000, '2022.1-tinh'));
    const later = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(later.registry.require('vn-2022-2026').version).toBe('2022.1');
      const p3 = { value: await call(createServices(later), 'rulesets.pending', {}) };
      expect(p3.value.pending.map((p) => [p.id, p.version])).toEqual([['vn-2022-2026', '2022.1-tinh']]);
      expect(p3.value.pending[0]!.changes.find((ch) => ch.path === 'incomeLines.value.rural')).toMatchObject({ before: 1_500_000, after: 2_100_000 });
    } finally {
      later.close();
    }
  });

  it('lists a malformed file among the problems the screen shows', async () => {
    const dir = tempDir('rasoat-rules-confirm-bad-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    fs.mkdirSync(path.join(dir, 'standards'));
    fs.writeFileSync(path.join(dir, 'standards', 'hong.json'), '{ "id": ');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      const r = { value: await call(createServices(core), 'rulesets.pending', {}) };
      expect(r.value.pending).toEqual([]);
      expect(r.value.problems.map((p) => path.basename(p.file))).toEqual(['hong.json']);
      expect(r.value.problems[0]!.message).toMatch(/^Bộ tiêu chí trong tệp .+ bị lỗi nên không dùng/u);
    } finally {
      core.close();
    }
  });
});

describe('a copy an administrator loads through the app', () => {
  it('is used at once and at the next start, carrying who loaded it and when; a later edit by hand waits for confirmation', async () => {
    const dir = tempDir('rasoat-rules-confirm-load-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const xlsx = path.join(dir, 'b1.xlsx');
    await writeB1Template(xlsx, SYNTHETIC_B1_ROWS);
    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'quản trị' });
    let file: string;
    try {
      const services = createServices(core);
      const loaded = await call(services, 'excel.ruleTable.load', {
        ruleSetId: 'vn-2022-2026',
        part: 'b1PointTable',
        upload: saveUpload(dbPath, fs.readFileSync(xlsx)),
        document: 'Bảng giả lập để kiểm thử',
        date: '2026-11-01',
        verified: false,
        synthetic: true,
      });
      file = loaded.file;
      expect(core.registry.require('vn-2022-2026').version).toBe(loaded.version);
      expect((await call(services, 'rulesets.pending', {})).pending).toEqual([]);
      const listed = (await call(services, 'ruleSets.list', {})).find((r) => r.id === 'vn-2022-2026');
      expect(listed?.administrator).toMatchObject({ file, how: 'loaded_in_app', confirmedBy: 'quản trị', version: loaded.version });
      expect(Date.now() - Date.parse(listed!.administrator!.confirmedAt)).toBeLessThan(60_000);
      expect(core.db.sqlite.prepare(`SELECT actor, action FROM audit WHERE entity = 'rule_set'`).all()).toEqual([{ actor: 'quản trị', action: 'load' }]);
    } finally {
      core.close();
    }
    const next = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(next.registry.require('vn-2022-2026').b1PointTable.value?.items).toHaveLength(3);
    } finally {
      next.close();
    }
    const edited = JSON.parse(fs.readFileSync(file, 'utf8')) as { b1PointTable: { value: { base: { rural: number } } } };
    edited.b1PointTable.value.base.rural = 500;
    fs.writeFileSync(file, JSON.stringify(edited));
    const after = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(after.registry.require('vn-2022-2026').version).toBe('2022.1');
      expect(after.registry.pending().map((p) => p.id)).toEqual(['vn-2022-2026']);
    } finally {
      after.close();
    }
  });
});

describe('ruleSetDiff', () => {
  it('lists changed, added and removed values by path, matching listed items by id', () => {
    const a = { version: '1', incomeLines: { value: { rural: 1, urban: 2 } }, items: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }], note: 'n' };
    const b = { version: '2', incomeLines: { value: { rural: 1, urban: 3 } }, items: [{ id: 'y', label: 'Y2' }, { id: 'z', label: 'Z' }], extra: true };
    expect(ruleSetDiff(a, b).map(({ path: p, kind, before, after }) => ({ p, kind, before, after }))).toEqual([
      { p: 'version', kind: 'changed', before: '1', after: '2' },
      { p: 'incomeLines.value.urban', kind: 'changed', before: 2, after: 3 },
      { p: 'items[x]', kind: 'removed', before: { id: 'x', label: 'X' }, after: null },
      { p: 'items[y].label', kind: 'changed', before: 'Y', after: 'Y2' },
      { p: 'items[z]', kind: 'added', before: null, after: { id: 'z', label: 'Z' } },
      { p: 'note', kind: 'removed', before: 'n', after: null },
      { p: 'extra', kind: 'added', before: null, after: true },
    ]);
    expect(ruleSetDiff(a, a)).toEqual([]);
  });
});
