// Test helper: opens an encrypted zip with the real 7-Zip command line (`7z`, Debian package p7zip-full), as a
// recipient would, and returns each file's bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function openWith7z(zip: Buffer, passphrase: string): { files: Record<string, Buffer>; listing: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-7z-'));
  try {
    const file = path.join(dir, 'archive.zip');
    writeFileSync(file, zip);
    const listing = execFileSync('7z', ['l', '-slt', `-p${passphrase}`, file], { encoding: 'utf8' });
    const out = path.join(dir, 'out');
    execFileSync('7z', ['x', `-p${passphrase}`, `-o${out}`, '-y', file], { encoding: 'utf8' });
    // Files in folders (a subject-access archive's receipts/) are keyed by their path inside the archive, with `/`.
    const names = (readdirSync(out, { recursive: true }) as string[]).filter((n) => statSync(path.join(out, n)).isFile());
    const files = Object.fromEntries(names.map((n) => [n.split(path.sep).join('/'), readFileSync(path.join(out, n))]));
    return { files, listing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 7z's exit status for a wrong passphrase is non-zero; returns its message. */
export function refusedBy7z(zip: Buffer, passphrase: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-7z-'));
  try {
    const file = path.join(dir, 'archive.zip');
    writeFileSync(file, zip);
    try {
      execFileSync('7z', ['t', `-p${passphrase}`, file], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
