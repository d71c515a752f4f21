// What makes a receipt file safe to keep and to open later: its type read from its content (not its name or first
// kilobyte), photos re-encoded so their EXIF data (GPS position, camera serial) is gone, PDFs parsed and refused if they
// carry JavaScript, embedded files or actions that launch or fetch things, and then re-written without stray bytes.
import { ApiError } from '../../contract/errors';
import { RECEIPT_MAX_BYTES, type ReceiptMimeType } from '../../contract/expenses';
import { loadFileType, loadPdfLib, loadSharp } from '../files/libraries';

export const EXTENSION_FOR: Record<ReceiptMimeType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

const NOT_A_RECEIPT = 'A receipt must be a photo or scan (PNG, JPEG or WebP) or a PDF. This file is none of those, so it was not attached.';
const HEIC =
  'This is an iPhone HEIC photo, which the app cannot show. Please save it as a JPEG (on the iPhone: Settings → Camera → Formats → Most Compatible, or share it by email) and attach it again.';
const PDF_ACTIVE =
  'This PDF contains programme code, attached files or automatic actions, which the app does not keep for safety. Please print it to a new PDF (or scan the paper receipt) and attach that instead.';
const PDF_UNREADABLE = 'This PDF could not be read (it may be damaged or password-protected). Please save or scan it again and attach the new copy.';
const IMAGE_UNREADABLE = 'This image could not be read (it may be damaged). Please take the photo or scan again and attach the new copy.';

/** A decompression bomb (a tiny file that expands to gigapixels) is refused before it is decoded: 40 megapixels is plenty for a receipt. */
const MAX_PIXELS = 40_000_000;

function refuse(message: string): never {
  throw new ApiError('input.invalid', message, { fields: { base64: message } });
}

/** Decodes the upload, finds out what it really is, and returns the bytes the app will store. */
export async function checkReceipt(base64: string): Promise<{ bytes: Buffer; mimeType: ReceiptMimeType }> {
  const cleaned = base64.replace(/^data:[^;,]*;base64,/, '').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned)) throw new ApiError('input.invalid', 'The receipt file could not be read. Please try attaching it again.', { fields: { base64: 'Unreadable file.' } });
  const bytes = Buffer.from(cleaned, 'base64');
  if (bytes.length === 0) throw new ApiError('input.invalid', 'The receipt file is empty. Please choose the file again.', { fields: { base64: 'Empty file.' } });
  if (bytes.length > RECEIPT_MAX_BYTES) {
    throw new ApiError('input.invalid', 'The receipt is larger than 10 MB. Please scan it at a lower resolution or as a PDF and try again.', { fields: { base64: 'Over 10 MB.' } });
  }
  const { fileTypeFromBuffer } = await loadFileType();
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime as string | undefined;
  if (mime === 'image/heic' || mime === 'image/heif' || mime === 'image/heic-sequence' || mime === 'image/heif-sequence') refuse(HEIC);
  if (mime === 'image/png' || mime === 'image/jpeg' || mime === 'image/webp') return { bytes: await reencodeImage(bytes, mime), mimeType: mime };
  if (mime === 'application/pdf') return { bytes: await cleanPdf(bytes), mimeType: 'application/pdf' };
  return refuse(NOT_A_RECEIPT);
}

/** Decodes and re-encodes the picture: only pixels survive (sharp writes no EXIF, XMP or IPTC unless asked to). */
async function reencodeImage(bytes: Buffer, mime: 'image/png' | 'image/jpeg' | 'image/webp'): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    const expected = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' }[mime];
    if (meta.format !== expected) refuse(NOT_A_RECEIPT);
    // Turn the pixels upright first: the orientation tag is EXIF too, and is about to go.
    const upright = image.rotate();
    if (mime === 'image/png') return await upright.png({ compressionLevel: 9 }).toBuffer();
    if (mime === 'image/jpeg') return await upright.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
    return await upright.webp({ quality: 90 }).toBuffer();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    return refuse(/pixel limit/i.test((e as Error).message) ? 'This image is too large to be a receipt photo. Please take it at a lower resolution and attach it again.' : IMAGE_UNREADABLE);
  }
}

/** Action types that run code, open other files or programs, or send data somewhere. */
const DANGEROUS_ACTIONS = new Set(['JavaScript', 'Launch', 'SubmitForm', 'ImportData', 'GoToR', 'GoToE', 'RichMediaExecute', 'Rendition', 'Sound', 'Movie']);
/** Keys whose presence anywhere means code, attached files or active content. */
const DANGEROUS_KEYS = new Set(['JS', 'JavaScript', 'EmbeddedFiles', 'EmbeddedFile', 'EF', 'RichMedia', 'XFA', 'Launch']);
/** Annotation kinds that play media or carry an attached file. */
const DANGEROUS_SUBTYPES = new Set(['RichMedia', 'FileAttachment', 'Movie', 'Sound', 'Screen', '3D']);

/** Parses the PDF, refuses active content, and returns it re-written from its objects (no bytes outside them survive). */
async function cleanPdf(bytes: Buffer): Promise<Buffer> {
  const { PDFDocument, PDFArray, PDFDict, PDFName, PDFRawStream, PDFStream } = await loadPdfLib();
  let doc: Awaited<ReturnType<typeof PDFDocument.load>>;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    return refuse(PDF_UNREADABLE);
  }
  if (doc.getPageCount() === 0) refuse(PDF_UNREADABLE);

  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (seen.has(value)) return false;
    seen.add(value);
    if (value instanceof PDFArray) return value.asArray().some(visit);
    const dict = value instanceof PDFDict ? value : value instanceof PDFStream || value instanceof PDFRawStream ? value.dict : null;
    if (!dict) return false;
    for (const [key, child] of dict.entries()) {
      const name = key.decodeText();
      if (DANGEROUS_KEYS.has(name)) return true;
      if (name === 'S' && child instanceof PDFName && DANGEROUS_ACTIONS.has(child.decodeText())) return true;
      if (name === 'Subtype' && child instanceof PDFName && DANGEROUS_SUBTYPES.has(child.decodeText())) return true;
      if (name === 'Type' && child instanceof PDFName && (child.decodeText() === 'EmbeddedFile' || child.decodeText() === 'Filespec')) return true;
      if (visit(child)) return true;
    }
    return false;
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) if (visit(object)) refuse(PDF_ACTIVE);
  if (visit(doc.context.trailerInfo.Root) || visit(doc.catalog)) refuse(PDF_ACTIVE);

  try {
    return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
  } catch {
    return refuse(PDF_UNREADABLE);
  }
}

/**
 * The name a receipt is stored under: no folders, no control or direction-changing characters (an "exe.pdf" trick),
 * nothing Windows forbids in a file name, at most 100 characters, and the extension of what the file really is.
 */
export function safeReceiptFileName(fileName: string, mimeType: ReceiptMimeType): string {
  const ext = EXTENSION_FOR[mimeType];
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[. ]+$/, '').slice(0, 100).trim();
  const reserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i.test(stem);
  return `${stem && !reserved ? stem : 'receipt'}.${ext}`;
}
