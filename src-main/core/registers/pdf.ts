// Paper registers for venues without a laptop: one A4 page per session with names, tick boxes, notes and signature lines.
import { existsSync } from 'node:fs';
import { loadPdfKit } from '../files/libraries';
import { formatDate, formatTimestamp } from '../../contract/dates';
import { MARKS, MARK_LABELS, type RegisterView } from '../../contract/registers';

/** A font with wide Unicode coverage when the system has one (names are not all ASCII); pdfkit's Helvetica otherwise. */
const FONT_CANDIDATES = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

export function pickFonts(): { regular: string; bold: string } {
  for (const [regular, bold] of FONT_CANDIDATES) if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  return { regular: 'Helvetica', bold: 'Helvetica-Bold' };
}

const MARGIN = 40;
const ROW = 22;
const BOX = 11;
const BLANK_ROWS_FOR_DROP_INS = 3;

export async function registerPdf(registers: readonly RegisterView[], collegeName: string, printedAt: Date): Promise<string> {
  const fonts = pickFonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, autoFirstPage: false, info: { Title: 'Register', Author: collegeName } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const width = 595.28 - MARGIN * 2;
  const bottom = 841.89 - MARGIN - 20;
  // Columns: name, four tick boxes, notes.
  const nameW = 190;
  const boxW = 52;
  const notesX = MARGIN + nameW + boxW * MARKS.length;

  const tableHeader = (y: number): number => {
    doc.font(fonts.bold).fontSize(9);
    doc.text('Name', MARGIN + 4, y + 6, { width: nameW - 8 });
    MARKS.forEach((m, i) => doc.text(MARK_LABELS[m], MARGIN + nameW + boxW * i, y + 6, { width: boxW, align: 'center' }));
    doc.text('Notes', notesX + 4, y + 6);
    doc.moveTo(MARGIN, y + ROW).lineTo(MARGIN + width, y + ROW).lineWidth(1).stroke();
    return y + ROW;
  };

  const row = (y: number, name: string, mark: string | null, note: string | null): number => {
    doc.font(fonts.regular).fontSize(10).fillColor('black');
    doc.text(name, MARGIN + 4, y + 6, { width: nameW - 8, height: ROW - 4, ellipsis: true, lineBreak: false });
    MARKS.forEach((m, i) => {
      const bx = MARGIN + nameW + boxW * i + (boxW - BOX) / 2;
      const by = y + (ROW - BOX) / 2;
      doc.rect(bx, by, BOX, BOX).lineWidth(0.8).stroke();
      if (mark === m) {
        doc
          .moveTo(bx + 2, by + BOX / 2)
          .lineTo(bx + BOX / 2 - 1, by + BOX - 2)
          .lineTo(bx + BOX - 1, by + 1)
          .lineWidth(1.5)
          .stroke();
      }
    });
    if (note) doc.fontSize(8).text(note, notesX + 4, y + 7, { width: width - (notesX - MARGIN) - 8, height: ROW - 4, ellipsis: true, lineBreak: false });
    doc.moveTo(MARGIN, y + ROW).lineTo(MARGIN + width, y + ROW).lineWidth(0.3).strokeColor('#888888').stroke().strokeColor('black');
    return y + ROW;
  };

  for (const r of registers) {
    doc.addPage();
    const s = r.session;
    const heading = (continued: boolean): number => {
      doc.font(fonts.regular).fontSize(9).fillColor('#444444').text(collegeName, MARGIN, MARGIN);
      doc.font(fonts.bold).fontSize(16).fillColor('black').text(`Register: ${s.courseTitle}${continued ? ' (continued)' : ''}`, MARGIN, MARGIN + 14, { width });
      doc
        .font(fonts.regular)
        .fontSize(10)
        .text(
          `${formatDate(s.date)}, ${s.startTime}–${s.endTime} · ${s.venueName}${s.roomName ? `, ${s.roomName}` : ''} · ${s.termName}`,
          MARGIN,
          doc.y + 2,
          { width },
        );
      return doc.y + 10;
    };
    let y = tableHeader(heading(false));
    const people = r.rows.map((p) => ({
      name: `${p.surname}, ${p.firstName}${p.preferredName && p.preferredName !== p.firstName ? ` (${p.preferredName})` : ''}${p.dropIn ? ' – drop-in' : ''}`,
      mark: p.mark,
      note: p.note,
    }));
    for (let i = 0; i < BLANK_ROWS_FOR_DROP_INS; i++) people.push({ name: '', mark: null, note: null });
    for (const p of people) {
      if (y + ROW > bottom) {
        doc.addPage();
        y = tableHeader(heading(true));
      }
      y = row(y, p.name, p.mark, p.note);
    }

    // Facilitator sign-off: the delivered (or planned) team, plus a spare line for anyone else who helped.
    const signers = [...r.deliveredFacilitators.map((f) => f.name), ''];
    const needed = 40 + signers.length * 30;
    if (y + needed > bottom) {
      doc.addPage();
      y = heading(true);
    }
    y += 16;
    doc.font(fonts.bold).fontSize(11).text('Facilitators who delivered this session', MARGIN, y);
    y = doc.y + 8;
    doc.font(fonts.regular).fontSize(10);
    for (const name of signers) {
      y += 18;
      doc.text(name || 'Name:', MARGIN, y - 12, { width: 180 });
      doc.moveTo(MARGIN, y).lineTo(MARGIN + 180, y).lineWidth(0.5).stroke();
      doc.text('Signature:', MARGIN + 200, y - 12);
      doc.moveTo(MARGIN + 255, y).lineTo(MARGIN + width, y).stroke();
      y += 12;
    }
    doc
      .fontSize(8)
      .fillColor('#444444')
      .text(
        `Printed ${formatTimestamp(printedAt.toISOString())}. Tick one box per person. This sheet holds personal information: please keep it safe and return it to the office.`,
        MARGIN,
        bottom,
        { width },
      )
      .fillColor('black');
  }
  if (registers.length === 0) doc.addPage().text('No sessions to print.');
  doc.end();
  await done;
  return Buffer.concat(chunks).toString('base64');
}
