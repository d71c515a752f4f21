// Every method whose result carries a file's bytes is a file method (saved straight to disk) or refused to the window:
// found from the contract's source, so a new export method is covered the day it is added.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { carriesFileBytes, FILE_METHODS, isFileMethod } from '../../src-main/contract/files';

const dir = path.resolve(import.meta.dirname, '../../src-main/contract');
const source = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(path.join(dir, f), 'utf8'))
  .join('\n');

describe('file methods', () => {
  it('cover every method whose result holds a file (ExportedFile, ReceiptFile, or an object with a file)', () => {
    const carrying = [...source.matchAll(/'([\w.]+)':\s*method<([^>]*(?:ExportedFile|ReceiptFile)[^>]*)>/g)].map((m) => m[1]);
    expect(carrying.length).toBeGreaterThan(8);
    for (const m of carrying) expect(carriesFileBytes(m), m).toBe(true);
    for (const m of Object.keys(FILE_METHODS)) expect(carrying, m).toContain(m);
  });

  it('know an ordinary method is not one', () => {
    expect(isFileMethod('students.search')).toBe(false);
    expect(carriesFileBytes('students.search')).toBe(false);
    expect(isFileMethod('toString')).toBe(false);
  });
});
