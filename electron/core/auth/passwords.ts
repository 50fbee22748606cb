import crypto from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes (node:crypto) with a random salt per password, never in
 * clear. The stored string carries its own parameters, so the cost can be raised later without
 * breaking the hashes already stored:  scrypt$N$r$p$salt(base64)$hash(base64).
 * N = 2^15, r = 8, p = 1: 32 MiB and some tens of milliseconds per sign-in on an office PC.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** The largest cost a stored hash may ask for (a forged hash must not make the host allocate gigabytes). */
const MAX_N = 2 ** 20;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFC'), salt, length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, N, R, P, KEY_BYTES);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  const power = Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
  if (!power || n > MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  if (salt.length < 8 || key.length < 16) return null;
  return { n, r, p, salt, key };
}

/** Whether the password matches the stored hash (compared in constant time). A malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) {
    await dummyVerify(password);
    return false;
  }
  const key = await scrypt(password, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.key.length);
  return crypto.timingSafeEqual(key, parsed.key);
}

/** As long as a real check: a sign-in with an unknown name takes the same time as a wrong password. */
export async function dummyVerify(password: string): Promise<void> {
  await scrypt(password, Buffer.alloc(SALT_BYTES), N, R, P, KEY_BYTES);
}

/** Whether a stored hash uses weaker parameters than today's (rehashed at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.n < N || parsed.r < R;
}
