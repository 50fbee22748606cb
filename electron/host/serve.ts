import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../core/core';
import { AppError } from '../core/errors';
import { defaultDbPath } from '../core/paths';
import { CliError, intOption, parse } from './args';
import { createHost } from './http';
import { RENDERER_DIR, RESOURCES_DIR } from './paths';

/**
 * npm run serve -- [--port N] [--db FILE] [--lan]
 * The same app in a browser at http://127.0.0.1:N. LAN mode listens on every interface so the
 * office's other PCs can use this one's database; it is off unless asked for.
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
    throw new CliError('Chưa dựng giao diện: chạy "npm run build" trước / renderer not built: run "npm run build" first');
  }
  const core = new Core({ dbPath, resourcesDir: RESOURCES_DIR, dailyBackup: true, actor: 'officer' });
  const server = createHost({ core, rendererDir: RENDERER_DIR, lan: values.lan });
  const host = values.lan ? '0.0.0.0' : '127.0.0.1';
  server.on('error', (e: NodeJS.ErrnoException) => {
    const msg =
      e.code === 'EADDRINUSE'
        ? `Cổng ${port} đang được dùng: chọn cổng khác bằng --port / port ${port} is in use: pick another with --port`
        : `Không mở được máy chủ / cannot start the host: ${e.message}`;
    console.error(msg);
    core.close();
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(`Rà soát hộ nghèo đang chạy tại http://127.0.0.1:${actual} (CSDL: ${dbPath})`);
    if (values.lan) console.log('Chế độ mạng LAN đang bật: các máy trong mạng nội bộ có thể truy cập ứng dụng này.');
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
