import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The LAN host's certificate: made on the first LAN start (an EC P-256 key and a self-signed
 * X.509 certificate naming this machine and its addresses), kept in the data folder (the key
 * readable by the owner only), and used from then on, so its fingerprint stays the one the office
 * wrote down. No certificate authority vouches for it: the other PCs check the SHA-256 fingerprint
 * the host PC prints and the sign-in page shows.
 *
 * Built with node:crypto alone: a minimal DER encoder for the few ASN.1 types a certificate needs.
 */

// --- DER -------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(body.length), body]);
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, body: Buffer): Buffer => tlv(0xa0 + n, body);

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const TRUE = Buffer.from([0x01, 0x01, 0xff]);

function time(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  // RFC 5280: UTCTime until 2049, GeneralizedTime from 2050.
  return year < 2050 ? tlv(0x17, Buffer.from(`${String(year).slice(2)}${rest}`, 'ascii')) : tlv(0x18, Buffer.from(`${year}${rest}`, 'ascii'));
}

function ipBytes(address: string): Buffer | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/u.test(address)) return Buffer.from(address.split('.').map(Number));
  if (!address.includes(':')) return null;
  const [head, tail = ''] = address.replace(/%.*$/u, '').split('::') as [string, string?];
  const h = head ? head.split(':') : [];
  const t = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8) return null;
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return b;
}

// --- the certificate ---------------------------------------------------------------------------

/** This machine's names and addresses: the certificate's subjectAltName. */
export function machineNames(): { dns: string[]; ips: string[] } {
  const host = os.hostname().toLowerCase();
  const dns = [...new Set(['localhost', host, `${host}.local`].filter((n) => /^[a-z0-9.-]+$/u.test(n)))];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) ips.add(a.address.replace(/%.*$/u, ''));
  return { dns, ips: [...ips] };
}

export interface Certificate {
  keyPem: string;
  certPem: string;
  /** SHA-256 of the certificate, AA:BB:… */
  fingerprint: string;
}

/** A new self-signed certificate (ECDSA P-256, SHA-256) for these names, valid ten years. */
export function makeCertificate(names = machineNames(), now = new Date()): Certificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(`Rà soát hộ nghèo — ${os.hostname()}`))), set(seq(oid('2.5.4.10'), utf8('Rà soát hộ nghèo (tự ký)'))));
  const altNames = seq(
    ...names.dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...names.ips.map(ipBytes).filter((b): b is Buffer => b !== null).map((b) => tlv(0x87, b)),
  );
  const extensions = seq(
    seq(oid('2.5.29.19'), TRUE, octets(seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.15'), TRUE, octets(tlv(0x03, Buffer.from([0x07, 0x80])))), // keyUsage: digitalSignature
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    seq(oid('2.5.29.17'), octets(altNames)), // subjectAltName
  );
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, extensions),
  );
  const signature = crypto.sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, ecdsaSha256, bits(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/gu, '$1\n').replace(/\n$/u, '')}\n-----END CERTIFICATE-----\n`;
  const x509 = new crypto.X509Certificate(certPem);
  if (!x509.verify(publicKey)) throw new Error('the new certificate does not verify');
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem, fingerprint: x509.fingerprint256 };
}

export const certificateFiles = (dataDir: string) => ({ key: path.join(dataDir, 'lan-host-key.pem'), cert: path.join(dataDir, 'lan-host-cert.pem') });

/**
 * The LAN host's certificate from the data folder, made and saved there on the first LAN start
 * (the key file mode 0600: readable by the owner only, where the system allows it).
 */
export function lanCertificate(dataDir: string): Certificate & { created: boolean } {
  const files = certificateFiles(dataDir);
  if (fs.existsSync(files.key) && fs.existsSync(files.cert)) {
    const keyPem = fs.readFileSync(files.key, 'utf8');
    const certPem = fs.readFileSync(files.cert, 'utf8');
    const x509 = new crypto.X509Certificate(certPem);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(keyPem))) {
      throw new Error(`Tệp khoá ${files.key} không khớp chứng chỉ ${files.cert}: hãy xoá cả hai tệp để tạo chứng chỉ mới (vân tay sẽ đổi)`);
    }
    return { keyPem, certPem, fingerprint: x509.fingerprint256, created: false };
  }
  const made = makeCertificate();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(files.key, made.keyPem, { mode: 0o600 });
  fs.chmodSync(files.key, 0o600);
  fs.writeFileSync(files.cert, made.certPem, { mode: 0o644 });
  return { ...made, created: true };
}
