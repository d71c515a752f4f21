// Sensitive files that leave the desk (subject access archives, the NHS-number extract) go out as one AES-256 encrypted
// zip (WinZip AES, "AE-2"): 7-Zip, WinZip, PeaZip and the `7z` command open it with the passphrase chosen at export.
// Windows Explorer's built-in zip support cannot open AES zips: say so to staff.
import { loadZipJs } from './libraries';

export interface ArchiveEntry {
  name: string;
  bytes: Buffer;
}

export async function encryptedZip(entries: readonly ArchiveEntry[], passphrase: string, at: Date): Promise<Buffer> {
  const { ZipWriter, Uint8ArrayReader, Uint8ArrayWriter } = await loadZipJs();
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password: passphrase, encryptionStrength: 3, zipCrypto: false, lastModDate: at });
  for (const e of entries) await writer.add(e.name, new Uint8ArrayReader(new Uint8Array(e.bytes)));
  return Buffer.from(await writer.close());
}
