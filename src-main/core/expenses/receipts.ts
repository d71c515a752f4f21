// Receipts: photos, scans and PDFs kept in the database beside their claim line, checked and cleaned by receipt-files.ts.
import { ApiError } from '../../contract/errors';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { findClaimLine, findReceipt, findReceiptPlace, getClaimRow, loadClaimDetail, recordLineEdit } from './queries';
import { checkReceipt, safeReceiptFileName } from './receipt-files';
import { viewReceipt } from './receipt-view';

export async function addReceipt(trx: Db, ctx: Pick<StaffContext, 'now' | 'staff' | 'audit'>, lineId: number, fileName: string, base64: string): Promise<number> {
  const line = await findClaimLine(trx, lineId);
  if (!line) throw new ApiError('record.not-found', 'That claim line could not be found. It may have been removed.');
  const claim = await getClaimRow(trx, line.claim_id);
  // A receipt that turns up after submission may still be attached, until the claim is decided.
  if (claim.status !== 'draft' && claim.status !== 'submitted') {
    throw new ApiError('claim.not-draft', `Claim ${claim.reference} is ${claim.status}; receipts can no longer be added.`);
  }
  const { bytes, mimeType } = await checkReceipt(base64);
  const name = safeReceiptFileName(fileName, mimeType);
  const { id } = await trx
    .insertInto('claim_receipts')
    .values({ line_id: lineId, file_name: name, mime_type: mimeType, size_bytes: bytes.length, content: bytes, uploaded_by: ctx.staff.id, uploaded_at: ctx.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordLineEdit(trx, ctx, claim.id, lineId, 'attach-receipt');
  ctx.audit({ action: 'add-receipt', entity: 'claim', entityId: claim.id, summary: `Receipt ${id} (${mimeType}, ${bytes.length} bytes) on line ${lineId}` });
  return id;
}

export const receiptHandlers: HandlersFor<'expenses.receipts.'> = {
  'expenses.receipts.add': async (ctx, input) => {
    await addReceipt(ctx.db, ctx, input.lineId, input.fileName, input.base64);
    const line = (await findClaimLine(ctx.db, input.lineId))!;
    return loadClaimDetail(ctx.db, line.claim_id, ctx.staff);
  },

  'expenses.receipts.get': async (ctx, input) => {
    const r = await findReceipt(ctx.db, input.id);
    if (!r) throw new ApiError('record.not-found', 'That receipt could not be found. It may have been removed.');
    return { id: r.id, fileName: r.file_name, mimeType: r.mime_type, base64: Buffer.from(r.content).toString('base64') };
  },

  'expenses.receipts.view': (ctx, input) => viewReceipt(ctx.db, input.id, input.size),

  'expenses.receipts.remove': async (ctx, input) => {
    const r = await findReceiptPlace(ctx.db, input.id);
    if (!r) throw new ApiError('record.not-found', 'That receipt could not be found. It may have been removed.');
    const claim = await getClaimRow(ctx.db, r.claim_id);
    if (claim.status !== 'draft') throw new ApiError('claim.not-draft', `Claim ${claim.reference} is ${claim.status}; its receipts can no longer be removed.`);
    await ctx.db.deleteFrom('claim_receipts').where('id', '=', input.id).execute();
    // Taking evidence away is a hand in the claim as much as adding it.
    await recordLineEdit(ctx.db, ctx, claim.id, r.line_id, 'remove-receipt');
    ctx.audit({ action: 'remove-receipt', entity: 'claim', entityId: claim.id, summary: `Removed receipt ${input.id}` });
    return loadClaimDetail(ctx.db, claim.id, ctx.staff);
  },
};
