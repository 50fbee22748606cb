import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A refusal the command line prints as one line (Vietnamese, then English) and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** node:util parseArgs (strict), with a one-line message instead of a stack trace. */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new CliError(`Tham số không hợp lệ / invalid argument: ${(e as Error).message}`);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/u.test(value) || Number(value) < min) {
    throw new CliError(`--${name} phải là số nguyên ≥ ${min} / --${name} must be an integer ≥ ${min}: "${value}"`);
  }
  return Number(value);
}
