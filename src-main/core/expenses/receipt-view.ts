// Receipts shown inside the app: the stored (already cleaned) file turned into pictures the window can draw — photos
// re-encoded and scaled, and a PDF's scanned pages taken out of the PDF and re-encoded — so the window never gets the
// stored file itself, only fresh pixels as `data:` URLs — or, for typed-text PDF pages, a rebuilt copy for pdf.js.
import { ApiError } from '../../contract/errors';
import { RECEIPT_VIEW_EDGE, RECEIPT_VIEW_MAX_PAGES, type ReceiptView, type ReceiptViewPage } from '../../contract/expenses';
import type { Db } from '../api/handlers';
import type { PDFRawStream as RawStream } from 'pdf-lib';
import { loadPdfLib, loadSharp } from '../files/libraries';
import { findReceipt } from './queries';

type Sharp = ReturnType<Awaited<ReturnType<typeof loadSharp>>>;

/** The same decompression-bomb limit as on upload. */
const MAX_PIXELS = 40_000_000;

const UNREADABLE = 'This receipt could not be shown in the app. Please use Download to open it in another program.';

/** Scales a picture to fit the edge, turns it upright, and writes it afresh: JPEG for photos, PNG for everything else. */
async function toDataUrl(image: Sharp, edge: number, photo: boolean): Promise<{ src: string; width: number; height: number }> {
  const pipeline = image.rotate().resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await (photo ? pipeline.jpeg({ quality: 85, mozjpeg: true }) : pipeline.png({ compressionLevel: 9 })).toBuffer({ resolveWithObject: true });
  return { src: `data:image/${photo ? 'jpeg' : 'png'};base64,${data.toString('base64')}`, width: info.width, height: info.height };
}

/** Colour channels for the colour spaces scanners write; anything else (indexed, CMYK, Lab) is not drawn here. */
function channelsOf(space: unknown, lib: Awaited<ReturnType<typeof loadPdfLib>>): 1 | 3 | null {
  const { PDFName, PDFArray, PDFRawStream, PDFNumber } = lib;
  if (space instanceof PDFName) return space.decodeText() === 'DeviceGray' ? 1 : space.decodeText() === 'DeviceRGB' ? 3 : null;
  if (space instanceof PDFArray && space.size() === 2) {
    const kind = space.get(0);
    const profile = space.lookup(1);
    if (kind instanceof PDFName && kind.decodeText() === 'ICCBased' && profile instanceof PDFRawStream) {
      const n = profile.dict.lookup(PDFName.of('N'));
      const value = n instanceof PDFNumber ? n.asNumber() : null;
      return value === 1 ? 1 : value === 3 ? 3 : null;
    }
  }
  return null;
}

/** The biggest picture on each page (a scanned receipt is one picture per page), re-encoded; null for a page with none. */
async function pdfPages(bytes: Uint8Array, edge: number): Promise<{ pageCount: number; pages: ReceiptViewPage[] }> {
  const lib = await loadPdfLib();
  const { PDFDocument, PDFName, PDFDict, PDFRawStream, PDFNumber, PDFArray, decodePDFRawStream } = lib;
  const sharp = await loadSharp();
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const all = doc.getPages();
  const pages: ReceiptViewPage[] = [];
  for (const [index, page] of all.slice(0, RECEIPT_VIEW_MAX_PAGES).entries()) {
    const { width: pageWidth, height: pageHeight } = page.getSize();
    const none: ReceiptViewPage = { page: index + 1, src: null, width: Math.round(pageWidth), height: Math.round(pageHeight) };
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    let best: { stream: RawStream; w: number; h: number } | null = null;
    for (const [, ref] of xobjects?.entries() ?? []) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const d = stream.dict;
      if (d.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
      const w = d.lookup(PDFName.of('Width'));
      const h = d.lookup(PDFName.of('Height'));
      if (!(w instanceof PDFNumber) || !(h instanceof PDFNumber)) continue;
      if (!best || w.asNumber() * h.asNumber() > best.w * best.h) best = { stream, w: w.asNumber(), h: h.asNumber() };
    }
    if (!best || best.w * best.h > MAX_PIXELS) {
      pages.push(none);
      continue;
    }
    const d = best.stream.dict;
    const filterValue = d.lookup(PDFName.of('Filter'));
    const filters = filterValue instanceof PDFArray ? filterValue.asArray() : filterValue ? [filterValue] : [];
    const names = filters.map((f) => (f instanceof PDFName ? f.decodeText() : '?'));
    try {
      let image: Sharp | null = null;
      let photo = false;
      if (names.length === 1 && names[0] === 'DCTDecode') {
        // A JPEG inside the PDF: sharp decodes it like any photo.
        image = sharp(Buffer.from(best.stream.contents), { limitInputPixels: MAX_PIXELS, failOn: 'error' });
        photo = true;
      } else if (names.every((n) => n === 'FlateDecode') && !d.has(PDFName.of('DecodeParms'))) {
        // Plain deflated pixels (no PNG predictor rows, no palette): what pdf-lib and most scanning apps write.
        const bits = d.lookup(PDFName.of('BitsPerComponent'));
        const channels = channelsOf(d.lookup(PDFName.of('ColorSpace')), lib);
        if (bits instanceof PDFNumber && bits.asNumber() === 8 && channels) {
          const raw = Buffer.from(decodePDFRawStream(best.stream).decode());
          if (raw.length >= best.w * best.h * channels) {
            image = sharp(raw.subarray(0, best.w * best.h * channels), { raw: { width: best.w, height: best.h, channels }, limitInputPixels: MAX_PIXELS });
          }
        }
      }
      if (!image) {
        pages.push(none);
        continue;
      }
      pages.push({ page: index + 1, ...(await toDataUrl(image, edge, photo)) });
    } catch {
      pages.push(none);
    }
  }
  return { pageCount: all.length, pages };
}

/**
 * A typed-text PDF cannot be turned into a picture here (the core has no PDF renderer), so the window draws it with
 * pdf.js. It gets a rebuilt copy, never the stored file: only the shown pages' drawing (contents and resources), in a new
 * document without the original's catalog (open actions, scripts, forms, outlines, attachments) or the pages' links,
 * annotations and actions. The stored file was already checked for those on upload; this keeps them out twice.
 */
async function drawablePdf(bytes: Uint8Array, pageCount: number): Promise<string> {
  const { PDFDocument, PDFName } = await loadPdfLib();
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const copy = await PDFDocument.create({ updateMetadata: false });
  const indices = Array.from({ length: Math.min(pageCount, RECEIPT_VIEW_MAX_PAGES) }, (_, i) => i);
  // Taken off before copying, so that what they point to is never copied either.
  for (const i of indices) for (const key of ['Annots', 'AA', 'B', 'StructParents', 'PieceInfo', 'Thumb']) source.getPage(i).node.delete(PDFName.of(key));
  for (const page of await copy.copyPages(source, indices)) copy.addPage(page);
  return Buffer.from(await copy.save({ useObjectStreams: false })).toString('base64');
}

/** The receipt as pictures for the viewer (`full`) or a list (`thumbnail`). */
export async function viewReceipt(db: Db, id: number, size: keyof typeof RECEIPT_VIEW_EDGE): Promise<ReceiptView> {
  const r = await findReceipt(db, id);
  if (!r) throw new ApiError('record.not-found', 'That receipt could not be found. It may have been removed.');
  const edge = RECEIPT_VIEW_EDGE[size];
  const base = { id: r.id, fileName: r.file_name, mimeType: r.mime_type, sizeBytes: r.size_bytes };
  try {
    if (r.mime_type === 'application/pdf') {
      const pdf = await pdfPages(r.content, edge);
      const typed = size === 'full' && pdf.pages.some((p) => p.src === null);
      return { ...base, ...pdf, ...(typed ? { pdfBase64: await drawablePdf(r.content, pdf.pageCount) } : {}) };
    }
    const sharp = await loadSharp();
    const page = await toDataUrl(sharp(Buffer.from(r.content), { limitInputPixels: MAX_PIXELS, failOn: 'error' }), edge, r.mime_type === 'image/jpeg');
    return { ...base, pageCount: 1, pages: [{ page: 1, ...page }] };
  } catch {
    throw new ApiError('receipt.unreadable', UNREADABLE);
  }
}
