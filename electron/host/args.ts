import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FieldIssue } from '../../shared/api/envelope';
import type { AppError } from '../core/errors';

/** A refusal the command line prints as one line (Vietnamese, then English) and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * parseArgs's refusal in Vietnamese, by its error code: the option or argument it names (quoted
 * in its English message), then what to do. An unknown code keeps Node's own text.
 */
function argsErrorVi(e: Error & { code?: string }): string {
  const named = /'([^']+)'/u.exec(e.message)?.[1];
  const what = named ? ` "${named}"` : '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `không có tuỳ chọn${what}. Xem các tuỳ chọn: npm run -s cli -- help`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `lệnh này không nhận giá trị${what} đứng riêng: hãy viết nó ngay sau tên tuỳ chọn của nó (xem npm run -s cli -- help).`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `tuỳ chọn${what} thiếu giá trị hoặc giá trị không đúng kiểu; hãy viết giá trị ngay sau tên tuỳ chọn.`;
    default:
      return e.message;
  }
}

/** node:util parseArgs (strict), with a one-line message in Vietnamese instead of a stack trace. */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new CliError(`Tham số không hợp lệ: ${argsErrorVi(e as Error & { code?: string })}`);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/u.test(value) || Number(value) < min) {
    throw new CliError(`--${name} phải là số nguyên từ ${min} trở lên (chỉ gồm chữ số, không dấu chấm hay dấu phẩy), không phải "${value}": hãy sửa rồi chạy lại lệnh.`);
  }
  return Number(value);
}

/**
 * A password or passphrase kept in a file (never typed on the command line, where other users of
 * the PC could see it): the file's first line. `option` names the flag, `what` the secret.
 */
export function secretFromFile(file: string | undefined, option: string, what: string): string {
  if (!file) throw new CliError(`Cần --${option} TỆP: ghi ${what} vào dòng đầu một tệp rồi chạy lại lệnh`, 1);
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp ${what} ${file}: hãy kiểm tra đường dẫn --${option}`, 1);
  const secret = fs.readFileSync(file, 'utf8').split(/\r?\n/u)[0] ?? '';
  if (secret.length === 0) throw new CliError(`Tệp ${file} trống: hãy ghi ${what} vào dòng đầu tệp`, 1);
  return secret;
}

/** A refusal's field issues that say more than its message (invalidAt states one sentence as both): each is printed once. */
export function issuesBeyondMessage(e: AppError): FieldIssue[] {
  return (e.issues ?? []).filter((i) => i.message !== e.message);
}
