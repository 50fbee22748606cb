import fs from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers';
import { besideRepo } from '../setup/repo-only';

describe('tests read nothing beside the repository', () => {
  it('refuses a read of a file beside the repository, through the default and the named fs exports', () => {
    // Any path in the repository's parent folder but outside it (where the handbook lies in CI).
    const besideDir = path.join(path.dirname(REPO), 'next-to-the-repository');
    const beside = path.join(besideDir, 'README.md');
    expect(besideRepo(beside)).toBe(true);
    expect(() => fs.readFileSync(beside, 'utf8')).toThrow(/outside the repository/);
    expect(() => readFileSync(beside, 'utf8')).toThrow(/outside the repository/);
    expect(() => fs.existsSync(besideDir)).toThrow(/outside the repository/);
  });

  it('allows the repository itself and temporary folders', () => {
    expect(besideRepo(path.join(REPO, 'package.json'))).toBe(false);
    expect(besideRepo('/tmp/x.sqlite')).toBe(false);
    expect(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).toContain('"rasoat"');
  });

  it('the handbook fixtures the tests use are copied in, with their provenance', () => {
    const readme = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'handbook', 'README.md'), 'utf8');
    for (const file of fs.readdirSync(path.join(REPO, 'test', 'fixtures', 'handbook'))) {
      if (file !== 'README.md') expect(readme).toContain(`\`${file}\``);
    }
  });
});
