import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

// Issue 10: one malformed rule set in the administrator's standards/ folder must not block
// every command (restore included): the app names the file and starts without it.

describe('a malformed rule set beside the database', () => {
  it('is left out and named; the shipped rule sets still load, and backup and restore work', () => {
    const dir = tempDir('rasoat-rules-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const first = new Core({ dbPath, resourcesDir: RESOURCES });
    seedSmall(first);
    const backup = first.backup('manual');
    first.close();

    fs.mkdirSync(path.join(dir, 'standards'));
    fs.writeFileSync(path.join(dir, 'standards', 'tinh-hong.json'), '{ "id": "an-giang-2026", "version": ');
    fs.writeFileSync(path.join(dir, 'standards', 'khong-hop-le.json'), JSON.stringify({ id: 'x', version: 1 }));

    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(core.registry.get('vn-2022-2026')).toBeDefined();
      const problems = core.ruleSetProblems;
      expect(problems.map((p) => path.basename(p.file)).sort()).toEqual(['khong-hop-le.json', 'tinh-hong.json']);
      for (const p of problems) expect(p.message).toMatch(/^Bộ tiêu chí trong tệp .+ bị lỗi nên không dùng/u);
      core.restore(backup.file);
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      core.close();
    }
  });
});
