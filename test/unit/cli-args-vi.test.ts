// The command line's refusal of a wrong option or argument (electron/host/args.ts parse): in
// Vietnamese, naming what was typed, never Node's English text.
import { describe, expect, it } from 'vitest';
import { parse } from '../../electron/host/args';

const refusal = (args: string[]): string => {
  try {
    parse({ args, options: { db: { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('command line arguments', () => {
  it.each([
    [['--frob'], /^Tham số không hợp lệ: không có tuỳ chọn "--frob"\. Xem các tuỳ chọn/u],
    [['/etc/hostname'], /^Tham số không hợp lệ: lệnh này không nhận giá trị "\/etc\/hostname" đứng riêng/u],
    [['--db'], /^Tham số không hợp lệ: tuỳ chọn "--db <value>" thiếu giá trị/u],
  ])('refuses %j in Vietnamese, naming it', (args, message) => {
    const text = refusal(args);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/Unknown option|Unexpected argument|argument missing/u);
  });
});
