// Command-line commands of the users (issue 12), merged into electron/host/cli.ts. Each returns its exit code.
import fs from 'node:fs';
import path from 'node:path';
import { PasswordSchema, ROLE_LABELS, ROLES, UserNameSchema } from '../../../shared/api/auth';
import { hashPassword } from '../../core/auth/passwords';
import { createUser, listUsers, roleOf, setPassword, userByName } from '../../core/auth/users';
import { openDatabase } from '../../core/db/connection';
import { CliError, parse, secretFromFile } from '../args';

export const usage = [
  '  user add --db FILE --name TÊN --role VAI_TRÒ --password-file TỆP [--full-name "Họ và tên"] [--villages ID,ID…]',
  `                                      Thêm người dùng (vai trò: ${ROLES.map((r) => `${r}/${ROLE_LABELS[r].toLowerCase()}`).join(', ')})`,
  '  user list --db FILE                 Danh sách người dùng',
  '  user reset --db FILE --name TÊN --password-file TỆP',
  '                                      Đặt lại mật khẩu (người dùng phải đổi ở lần đăng nhập sau)',
];

/** The password in a file (never on the command line, where other users of the PC could see it), without its final newline. */
function readPassword(file: string | undefined): string {
  const password = secretFromFile(file, 'password-file', 'mật khẩu');
  const parsed = PasswordSchema.safeParse(password);
  if (!parsed.success) throw new CliError(`Mật khẩu trong ${file} không dùng được: ${parsed.error.issues[0]!.message}`);
  return password;
}

function userName(value: string | undefined): string {
  if (!value) throw new CliError('Thiếu --name TÊN (tên đăng nhập)');
  const parsed = UserNameSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`Tên đăng nhập "${value}" không dùng được: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function database(file: string | undefined): ReturnType<typeof openDatabase> {
  if (!file) throw new CliError('Thiếu --db FILE');
  return openDatabase(path.resolve(file));
}

const ACTOR = 'cli';

async function cmdUserAdd(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'password-file': { type: 'string' },
      'full-name': { type: 'string' },
      villages: { type: 'string' },
    },
  });
  const name = userName(values.name);
  if (!values.role) throw new CliError(`Thiếu --role VAI_TRÒ (${ROLES.join(', ')})`);
  const role = roleOf(values.role);
  if (!role) {
    throw new CliError(`Vai trò "${values.role}" không rõ: ghi một trong ${ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')}`);
  }
  const password = readPassword(values['password-file']);
  const fullName = (values['full-name'] ?? name).normalize('NFC').trim();
  if (!fullName || fullName.length > 100) throw new CliError('Họ và tên (--full-name) phải có từ 1 đến 100 ký tự');
  const villageIds = (values.villages ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!/^\d+$/u.test(s)) throw new CliError(`--villages "${values.villages}": ghi các mã số thôn cách nhau bằng dấu phẩy`);
      return Number(s);
    });
  if (villageIds.length > 0 && role !== 'keyer') throw new CliError('--villages chỉ dùng cho vai trò nhập liệu (keyer)');
  const hash = await hashPassword(password);
  const db = database(values.db);
  try {
    const user = createUser(db.sqlite, { name, fullName, role, passwordHash: hash, villageIds }, ACTOR, new Date().toISOString());
    console.log(`Đã thêm người dùng: ${user.name} (${ROLE_LABELS[user.role]}, ${user.full_name})`);
  } finally {
    db.close();
  }
  return 0;
}

function cmdUserList(argv: string[]): number {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' } } });
  if (values.db && !fs.existsSync(values.db)) throw new CliError(`Không tìm thấy CSDL ${values.db}: hãy kiểm tra đường dẫn --db`);
  const db = database(values.db);
  try {
    const users = listUsers(db.sqlite, Date.now());
    if (users.length === 0) {
      console.log('Chưa có người dùng nào: thêm quản trị viên bằng "user add --role admin"');
      return 0;
    }
    for (const u of users) {
      const state = [u.active ? 'đang hoạt động' : 'đã khoá', u.lockedUntil ? `tạm khoá đến ${u.lockedUntil}` : null, u.mustChangePassword ? 'phải đổi mật khẩu' : null]
        .filter(Boolean)
        .join(', ');
      const villages = u.villageIds.length ? `, thôn ${u.villageIds.join(',')}` : '';
      console.log(`${u.name}\t${ROLE_LABELS[u.role]}\t${u.fullName}\t${state}${villages}`);
    }
  } finally {
    db.close();
  }
  return 0;
}

async function cmdUserReset(argv: string[]): Promise<number> {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, name: { type: 'string' }, 'password-file': { type: 'string' } } });
  const name = userName(values.name);
  const password = readPassword(values['password-file']);
  if (values.db && !fs.existsSync(values.db)) throw new CliError(`Không tìm thấy CSDL ${values.db}: hãy kiểm tra đường dẫn --db`);
  const hash = await hashPassword(password);
  const db = database(values.db);
  try {
    const user = userByName(db.sqlite, name);
    if (!user) throw new CliError(`Không có người dùng "${name}": xem danh sách bằng "user list"`, 1);
    setPassword(db.sqlite, user.id, hash, 'reset', ACTOR, new Date().toISOString());
    console.log(`Đã đặt lại mật khẩu của ${user.name}; người này phải đổi mật khẩu ở lần đăng nhập sau`);
  } finally {
    db.close();
  }
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = { add: cmdUserAdd, list: cmdUserList, reset: cmdUserReset };

async function cmdUser(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new CliError(`Cần "user add", "user list" hoặc "user reset"${sub ? ` (không có lệnh con "${sub}")` : ''}`);
  return await run(rest);
}

export const commands: Record<string, (argv: string[]) => number | Promise<number>> = { user: cmdUser };
