import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { exportList } from '../../electron/core/excel/export';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

// Issue 10: an Excel export on a full disk used to wait forever for a stream that never drains.
// The fault is real: a 16 KiB tmpfs (mounting needs root, which the developers' machines and CI have).

const dir = tempDir('rasoat-disk-excel-');
const small = path.join(dir, 'small');
let mounted = false;
let core: Core;

beforeAll(() => {
  fs.mkdirSync(small);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', small], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`this test needs to mount a small tmpfs (root): ${r.stderr}`);
  mounted = true;
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 20_000, seed: 3 });
});
afterAll(() => {
  core?.close();
  if (mounted) spawnSync('umount', ['-l', small]);
});

describe('an Excel export on a full disk', () => {
  it('fails within seconds saying the disk is full, and leaves no file behind', async () => {
    const roundId = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
    const out = path.join(small, 'DS.xlsx');
    const started = Date.now();
    const outcome = await Promise.race([
      exportList(core.db.sqlite, { roundId, unitCode: '889', doc: 'DS', out, ruleSet: core.registry.get('vn-2022-2026') ?? null }).then(
        () => 'written',
        (e: unknown) => e,
      ),
      new Promise((r) => setTimeout(() => r('still waiting after 30 s'), 30_000)),
    ]);
    expect(outcome).toEqual(expect.objectContaining({ code: 'DISK_FULL', message: expect.stringMatching(/ổ đĩa đầy/u) }));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.readdirSync(small)).toEqual([]);
  });
});
