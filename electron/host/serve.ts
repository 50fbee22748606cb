import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../core/core';
import { AppError } from '../core/errors';
import { defaultDbPath } from '../core/paths';
import { CliError, intOption, parse } from './args';
import { lanCertificate, machineNames } from './certificate';
import { createHost } from './http';
import { RENDERER_DIR, RESOURCES_DIR } from './paths';

/**
 * npm run serve -- [--port N] [--db FILE] [--lan]
 * The same app in a browser at http://127.0.0.1:N, behind the same sign-in as the desktop app.
 * LAN mode listens on every interface so the office's other PCs can use this one's database; it
 * is off unless asked for, and served over HTTPS only, with a certificate made on the first LAN
 * start and kept in the data folder. Its SHA-256 fingerprint is printed here and shown on the
 * sign-in page: the other PCs compare the two before signing in.
 */
function main(argv: string[]): void {
  const { values } = parse({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      lan: { type: 'boolean', default: false },
    },
  });
  const port = intOption(values.port, 'port', 5180, 0);
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new CliError('Chưa dựng giao diện: chạy "npm run build" trước');
  }
  // The daily full check of a large database runs after the host started: damage found then is said here (and refused at the next start).
  const core = new Core({ dbPath, resourcesDir: RESOURCES_DIR, dailyBackup: true, actor: 'officer', onDamaged: (e) => console.error(e.message), onDailyBackupFailed: (reason) => console.error(`Sao lưu hằng ngày không được: ${reason}`) });
  let tls: ReturnType<typeof lanCertificate> | undefined;
  if (values.lan) {
    try {
      tls = lanCertificate(path.dirname(dbPath));
    } catch (e) {
      core.close();
      throw new CliError(`Không dùng được chứng chỉ của máy chủ: ${(e as Error).message}`, 1);
    }
  }
  const server = createHost({ core, rendererDir: RENDERER_DIR, lan: values.lan, ...(tls ? { tls } : {}) });
  const host = values.lan ? '0.0.0.0' : '127.0.0.1';
  server.on('error', (e: NodeJS.ErrnoException) => {
    const msg =
      e.code === 'EADDRINUSE'
        ? `Cổng ${port} đang được dùng: chọn cổng khác bằng --port`
        : `Không mở được máy chủ: ${e.message}`;
    console.error(msg);
    core.close();
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(`Rà soát hộ nghèo đang chạy tại ${tls ? 'https' : 'http'}://127.0.0.1:${actual} (CSDL: ${dbPath})`);
    if (tls) {
      const { ips, dns } = machineNames();
      const addresses = [...dns.filter((d) => d !== 'localhost'), ...ips.filter((ip) => ip !== '127.0.0.1' && ip !== '::1' && !ip.startsWith('fe80'))];
      console.log('Chế độ mạng LAN đang bật (HTTPS): các máy trong mạng nội bộ mở ứng dụng tại');
      for (const a of addresses) console.log(`  https://${a.includes(':') ? `[${a}]` : a}:${actual}`);
      if (tls.created) console.log(`Đã tạo chứng chỉ mới cho máy chủ, lưu trong ${path.dirname(dbPath)}.`);
      console.log(`Vân tay chứng chỉ (SHA-256):\n  ${tls.fingerprint}`);
      console.log('Trên máy khác, trước khi đăng nhập: so vân tay hiện ở trang đăng nhập (và trong cảnh báo chứng chỉ của trình duyệt) với dòng trên; khác nhau thì KHÔNG đăng nhập.');
    }
    console.log('Mọi người dùng phải đăng nhập. Chưa có ai: mở ứng dụng để tạo quản trị viên đầu tiên, hoặc dùng "npm run -s cli -- user add".');
  });
  const stop = (): void => {
    server.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CliError || e instanceof AppError) {
    console.error(e.message);
    process.exit(e instanceof CliError ? e.exitCode : 1);
  }
  throw e;
}
