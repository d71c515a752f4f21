// Encrypted backups. A manager's recovery passphrase (scrypt, memory-hard) protects an X25519 private key; the desk keeps
// only the matching public key, so it can encrypt every backup unattended but can never decrypt one by itself.
// Each backup gets a fresh key (ECDH with a one-off key pair + HKDF) for AES-256-GCM, and carries the
// passphrase-wrapped private key in its header: the passphrase and the file are all a restore needs, even on a new computer.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scrypt as scryptCb,
  type KeyObject,
} from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { BackupAuditHead } from '../audit/outside';

const MAGIC = Buffer.from('RCDBAK01');
const INFO = Buffer.from('recovery-college-desk backup v1');
/** scrypt cost: 2^17 × 8 × 128 bytes = 128 MiB of memory per try, about half a second here. */
const KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
const MAXMEM = 256 * 1024 * 1024;
export const MIN_PASSPHRASE_LENGTH = 12;

/** What the desk stores (in the database, never in the backups folder): the public key and the wrapped private key. */
export interface BackupKey {
  id: string;
  publicKey: string;
  wrapped: WrappedKey;
}

export interface WrappedKey {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

export interface BackupHeader {
  v: 1;
  createdAt: string;
  /** The database's last migration when the backup was taken. */
  schema: string | null;
  /** The audit chain's head and marks when the backup was taken (issue 16): one of the copies the log is checked against. */
  audit?: BackupAuditHead;
  key: BackupKey;
  ephemeralPublicKey: string;
  iv: string;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('That recovery passphrase does not open this backup. Please check it and try again (it is case-sensitive).');
    this.name = 'WrongPassphraseError';
  }
}

function scrypt(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A new key pair whose private half is wrapped by the passphrase. */
export async function createBackupKey(passphrase: string): Promise<BackupKey> {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return wrap(publicKey, privateKey, passphrase);
}

/** The same key pair, re-wrapped under a new passphrase (old backups still open with the old one). */
export async function rewrapBackupKey(key: BackupKey, current: string, next: string): Promise<BackupKey> {
  const privateKey = await unwrapPrivateKey(key, current);
  return wrap(createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' }), privateKey, next);
}

export async function passphraseOpens(key: BackupKey, passphrase: string): Promise<boolean> {
  try {
    await unwrapPrivateKey(key, passphrase);
    return true;
  } catch (e) {
    if (e instanceof WrongPassphraseError) return false;
    throw e;
  }
}

async function wrap(publicKey: KeyObject, privateKey: KeyObject, passphrase: string): Promise<BackupKey> {
  const salt = randomBytes(16);
  const kek = await scrypt(passphrase, salt, KDF);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const data = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  const pub = publicKey.export({ format: 'der', type: 'spki' });
  return {
    id: createHash('sha256').update(pub).digest('hex').slice(0, 16),
    publicKey: pub.toString('base64'),
    wrapped: { kdf: 'scrypt', ...KDF, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') },
  };
}

async function unwrapPrivateKey(key: BackupKey, passphrase: string): Promise<KeyObject> {
  const w = key.wrapped;
  const kek = await scrypt(passphrase, Buffer.from(w.salt, 'base64'), w);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(Buffer.from(w.data, 'base64')), decipher.final()]);
  } catch {
    throw new WrongPassphraseError();
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

function dataKey(shared: Buffer, ephemeralPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, ephemeralPublic, INFO, 32));
}

/** Encrypts `plainFile` into `outFile` (which must not exist). */
export async function encryptFile(plainFile: string, outFile: string, key: BackupKey, meta: { createdAt: string; schema: string | null; audit?: BackupAuditHead | null }): Promise<void> {
  const eph = generateKeyPairSync('x25519');
  const ephPub = eph.publicKey.export({ format: 'der', type: 'spki' });
  const recipient = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
  const k = dataKey(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephPub);
  const iv = randomBytes(12);
  const header: BackupHeader = { v: 1, createdAt: meta.createdAt, schema: meta.schema, ...(meta.audit ? { audit: meta.audit } : {}), key, ephemeralPublicKey: ephPub.toString('base64'), iv: iv.toString('base64') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const cipher = createCipheriv('aes-256-gcm', k, iv);
  cipher.setAAD(Buffer.concat([MAGIC, length, headerBytes]));
  const fh = await open(outFile, 'wx', 0o600);
  try {
    await fh.write(Buffer.concat([MAGIC, length, headerBytes]));
    for await (const chunk of createReadStream(plainFile, { highWaterMark: 1 << 20 })) await fh.write(cipher.update(chunk as Buffer));
    await fh.write(cipher.final());
    await fh.write(cipher.getAuthTag());
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Whether a file is one of our encrypted backups (by its first bytes). */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && buf.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

export async function readHeader(file: string): Promise<{ header: BackupHeader; headerEnd: number; aad: Buffer }> {
  const fh = await open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    await fh.read(start, 0, start.length, 0);
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('This file is not a Recovery College Desk backup.');
    const len = start.readUInt32BE(MAGIC.length);
    if (len > 1_000_000) throw new Error('This backup file is damaged (its header is unreadable).');
    const headerBytes = Buffer.alloc(len);
    await fh.read(headerBytes, 0, len, start.length);
    const header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
    return { header, headerEnd: start.length + len, aad: Buffer.concat([start, headerBytes]) };
  } finally {
    await fh.close();
  }
}

/**
 * Decrypts an encrypted backup into `outFile` (which must not exist). Authenticated: a changed or truncated file is
 * refused, and `outFile` is then removed by the caller's clean-up (it is always a temporary name).
 */
export async function decryptFile(file: string, outFile: string, passphrase: string): Promise<BackupHeader> {
  const { header, headerEnd, aad } = await readHeader(file);
  const privateKey = await unwrapPrivateKey(header.key, passphrase);
  const ephPub = Buffer.from(header.ephemeralPublicKey, 'base64');
  const k = dataKey(diffieHellman({ privateKey, publicKey: createPublicKey({ key: ephPub, format: 'der', type: 'spki' }) }), ephPub);
  const { size } = await stat(file);
  if (size < headerEnd + 16) throw new Error('This backup file is incomplete (it was cut short).');
  const tag = Buffer.alloc(16);
  const src = await open(file, 'r');
  try {
    await src.read(tag, 0, 16, size - 16);
  } finally {
    await src.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(header.iv, 'base64'));
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const out = await open(outFile, 'wx', 0o600);
  try {
    if (size - 16 > headerEnd) {
      for await (const chunk of createReadStream(file, { start: headerEnd, end: size - 17, highWaterMark: 1 << 20 })) await out.write(decipher.update(chunk as Buffer));
    }
    try {
      await out.write(decipher.final());
    } catch {
      throw new Error('This backup file has been changed or damaged since it was made (its seal does not match), so it cannot be trusted.');
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return header;
}
