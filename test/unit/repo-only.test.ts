import fs from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers';
import { besideRepo } from '../setup/repo-only';

describe('tests read nothing beside the repository', () => {
  it('refuses a read of ../shared, through the default and the named fs exports', () => {
    const beside = path.join(REPO, '..', 'shared', 'README.md');
    expect(besideRepo(beside)).toBe(true);
    expect(() => fs.readFileSync(beside, 'utf8')).toThrow(/outside the repository/);
    expect(() => readFileSync(beside, 'utf8')).toThrow(/outside the repository/);
    expect(() => fs.existsSync(path.join(REPO, '..', 'shared'))).toThrow(/outside the repository/);
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
