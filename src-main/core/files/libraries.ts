// The heavy file-writing libraries (PDF ~25 MB, XLSX ~27 MB of memory), loaded the first time someone exports a file,
// so they cost nothing at start-up or for staff who never print or export.
export async function loadPdfKit(): Promise<typeof import('pdfkit')> {
  return (await import('pdfkit')).default;
}

export async function loadExcelJs(): Promise<typeof import('exceljs')> {
  return (await import('exceljs')).default;
}

/** Receipt checking: content-based type detection, image re-encoding (libvips), PDF parsing. */
export async function loadFileType(): Promise<typeof import('file-type')> {
  return import('file-type');
}

export async function loadSharp(): Promise<typeof import('sharp').default> {
  return (await import('sharp')).default;
}

export async function loadPdfLib(): Promise<typeof import('pdf-lib')> {
  return import('pdf-lib');
}
