// The heavy file-writing libraries (PDF ~25 MB, XLSX ~27 MB of memory), loaded the first time someone exports a file,
// so they cost nothing at start-up or for staff who never print or export.
export async function loadPdfKit(): Promise<typeof import('pdfkit')> {
  return (await import('pdfkit')).default;
}

export async function loadExcelJs(): Promise<typeof import('exceljs')> {
  return (await import('exceljs')).default;
}
