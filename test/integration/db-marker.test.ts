import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { APP_ID, openDatabase } from '../../electron/core/db/connection';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

// Issue 10: another program's SQLite file was migrated and switched to WAL. A database with tables
// but without the app's marker is refused, byte for byte untouched.

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe("the app's marker in the database header", () => {
  it("refuses another program's SQLite file and leaves it exactly as it was", () => {
    const file = path.join(tempDir('rasoat-marker-'), 'other.sqlite');
    const other = new BetterSqlite3(file);
    other.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Nguyễn Văn A');");
    other.pragma('user_version = 3');
    other.close();
    const before = sha(file);
    expect(() => new Core({ dbPath: file, resourcesDir: RESOURCES })).toThrow(
      expect.objectContaining({ code: 'DB_OPEN_FAILED', message: expect.stringMatching(/chương trình khác.*không sửa gì/u) }),
    );
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    check.close();
  });

  it('marks a new database, and keeps the mark through a backup', () => {
    const dir = tempDir('rasoat-marker-');
    const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
    seedSmall(core);
    expect(core.db.sqlite.pragma('application_id', { simple: true })).toBe(APP_ID);
    const b = core.backup('manual');
    core.close();
    const copy = openDatabase(b.file, { readonly: true });
    expect(copy.sqlite.pragma('application_id', { simple: true })).toBe(APP_ID);
    copy.close();
  });

  it('still opens a database of this app made before the marker, and marks it', () => {
    const dir = tempDir('rasoat-marker-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    seedSmall(core);
    core.db.sqlite.pragma('application_id = 0');
    core.close();
    const again = new Core({ dbPath, resourcesDir: RESOURCES });
    expect(again.db.sqlite.pragma('application_id', { simple: true })).toBe(APP_ID);
    expect(again.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    again.close();
  });
});
