// Seeing a receipt inside the app: the core hands the window freshly re-encoded pictures (a photo, or a PDF's scanned
// pages) as data: URLs, scaled for the viewer or a thumbnail, with no camera data — and records who looked.
import piexif from 'piexifjs';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carriesFileBytes } from '../../src-main/contract/files';
import { bus, claimWith, makeWorld, PDF, type World } from './expenses-fixtures';

let w: World;
let lineId: number;
beforeEach(async () => {
  w = await makeWorld();
  const id = await claimWith(w, w.valId, [bus('2026-10-05', '2.00')]);
  lineId = (await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines[0].id;
});
afterEach(() => w.t.close());

async function attach(bytes: Buffer | string, fileName: string): Promise<number> {
  const claim = await w.t.ok(w.admin, 'expenses.receipts.add', { lineId, fileName, base64: typeof bytes === 'string' ? bytes : bytes.toString('base64') });
  return claim.lines[0].receipts.at(-1)!.id;
}

/** A photo of a receipt, 2400×3200, with the place it was taken in its EXIF data. */
async function photoWithGps(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 2400, height: 3200, channels: 3, background: { r: 240, g: 236, b: 220 } } })
    .jpeg()
    .toBuffer();
  const exif = piexif.dump({ GPS: { [piexif.GPSIFD.GPSLatitudeRef]: 'N', [piexif.GPSIFD.GPSLatitude]: [[51, 1], [30, 1], [0, 1]] } });
  return Buffer.from(piexif.insert(exif, jpeg.toString('binary')), 'binary');
}

function decode(src: string | null): Buffer {
  expect(src).toMatch(/^data:image\/(png|jpeg);base64,/);
  return Buffer.from(src!.replace(/^data:[^,]*,/, ''), 'base64');
}

describe('viewing a receipt in the app', () => {
  it('shows a photo as a fresh JPEG scaled to the viewer, with no EXIF data', async () => {
    const id = await attach(await photoWithGps(), 'taxi.jpg');
    const view = await w.t.ok(w.coordinator, 'expenses.receipts.view', { id });
    expect(view).toMatchObject({ id, fileName: 'taxi.jpg', mimeType: 'image/jpeg', pageCount: 1 });
    expect(view.pages).toHaveLength(1);
    const bytes = decode(view.pages[0].src);
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1200, height: 1600 });
    expect(view.pages[0]).toMatchObject({ width: 1200, height: 1600 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.toString('binary')).not.toContain('Exif');
  });

  it('makes a thumbnail no bigger than 160 pixels on its longest side', async () => {
    const id = await attach(await photoWithGps(), 'taxi.jpg');
    const view = await w.t.ok(w.admin, 'expenses.receipts.view', { id, size: 'thumbnail' });
    const meta = await sharp(decode(view.pages[0].src)).metadata();
    expect([meta.width, meta.height]).toEqual([120, 160]);
  });

  it('shows each scanned page of a PDF as a picture, and says which pages have none', async () => {
    const doc = await PDFDocument.create();
    const jpeg = await doc.embedJpg(await sharp({ create: { width: 600, height: 800, channels: 3, background: '#eeeeee' } }).jpeg().toBuffer());
    const png = await doc.embedPng(await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).png().toBuffer());
    doc.addPage([595, 842]).drawImage(jpeg, { x: 0, y: 0, width: 595, height: 842 });
    doc.addPage([595, 842]).drawImage(png, { x: 10, y: 10, width: 300, height: 200 });
    doc.addPage([595, 842]).drawText('Thank you for travelling with us');
    const id = await attach(Buffer.from(await doc.save()), 'tickets.pdf');

    const view = await w.t.ok(w.admin, 'expenses.receipts.view', { id });
    expect(view).toMatchObject({ mimeType: 'application/pdf', pageCount: 3 });
    expect(view.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(await sharp(decode(view.pages[0].src)).metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 800 });
    const second = await sharp(decode(view.pages[1].src)).raw().toBuffer({ resolveWithObject: true });
    expect(second.info).toMatchObject({ width: 300, height: 200 });
    expect([...second.data.subarray(0, 3)]).toEqual([0x33, 0x66, 0x99]); // the real pixels, not noise
    expect(view.pages[2]).toEqual({ page: 3, src: null, width: 595, height: 842 });
  });

  it('answers a typed PDF with no pictures calmly, page by page, rather than failing', async () => {
    const id = await attach(PDF, 'email-receipt.pdf');
    const view = await w.t.ok(w.admin, 'expenses.receipts.view', { id });
    expect(view.pageCount).toBe(1);
    expect(view.pages).toEqual([{ page: 1, src: null, width: 200, height: 100 }]);
    // The window draws it with pdf.js, from a rebuilt copy; a thumbnail has none.
    expect((await PDFDocument.load(Buffer.from(view.pdfBase64!, 'base64'))).getPageCount()).toBe(1);
    expect((await w.t.ok(w.admin, 'expenses.receipts.view', { id, size: 'thumbnail' })).pdfBase64).toBeUndefined();
  });

  it('gives the window a typed PDF rebuilt with only its pages’ drawing: no links, annotations or open action', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 200]);
    page.drawText('Total 4.80', { x: 20, y: 100 });
    const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 300, 200], A: { S: 'URI', URI: PDFString.of('https://example.org/track') } });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([page.ref, PDFName.of('Fit')]));
    const id = await attach(Buffer.from(await doc.save()), 'email-receipt.pdf');

    const view = await w.t.ok(w.admin, 'expenses.receipts.view', { id });
    const bytes = Buffer.from(view.pdfBase64!, 'base64');
    const copy = await PDFDocument.load(bytes);
    expect(copy.getPageCount()).toBe(1);
    expect(copy.getPage(0).getSize()).toEqual({ width: 300, height: 200 });
    expect(copy.getPage(0).node.get(PDFName.of('Annots'))).toBeUndefined();
    expect(copy.catalog.get(PDFName.of('OpenAction'))).toBeUndefined();
    expect(bytes.toString('latin1')).not.toContain('example.org');
    // Scanned pages still come as pictures: only a PDF with a typed page gets a copy.
    const scanned = await PDFDocument.create();
    scanned.addPage([595, 842]).drawImage(await scanned.embedJpg(await sharp({ create: { width: 60, height: 80, channels: 3, background: '#eeeeee' } }).jpeg().toBuffer()), { x: 0, y: 0, width: 595, height: 842 });
    const scan = await w.t.ok(w.admin, 'expenses.receipts.view', { id: await attach(Buffer.from(await scanned.save()), 'scan.pdf') });
    expect(scan.pdfBase64).toBeUndefined();
  });

  it('records who looked at which receipt, once in five minutes however often the list redraws', async () => {
    const id = await attach(await photoWithGps(), 'taxi.jpg');
    const rows = () => w.t.core.database.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('action', '=', 'view-receipt').execute();
    await w.t.ok(w.coordinator, 'expenses.receipts.view', { id, size: 'thumbnail' });
    await w.t.ok(w.coordinator, 'expenses.receipts.view', { id });
    expect(await rows()).toEqual([{ action: 'view-receipt', entity: 'receipt', entity_id: id }]);
  });

  it('is refused when not signed in, and says plainly when the receipt is gone', async () => {
    const id = await attach(await photoWithGps(), 'taxi.jpg');
    expect((await w.t.core.call('no-such-session', 'expenses.receipts.view', { id })).ok).toBe(false);
    expect(await w.t.fail(w.admin, 'expenses.receipts.view', { id: id + 99 })).toMatchObject({ reason: 'record.not-found', message: expect.stringMatching(/could not be found/) });
  });

  it('is a display method the window may call, unlike the stored file (which is only ever saved)', () => {
    expect(carriesFileBytes('expenses.receipts.view')).toBe(false);
    expect(carriesFileBytes('expenses.receipts.get')).toBe(true);
  });
});
