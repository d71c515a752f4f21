// Every expenses handler in one object for the registry.
import type { HandlersFor } from '../api/handlers';
import { batchHandlers } from './batches';
import { claimHandlers, mileageHandlers } from './claims';
import { involvementHandlers } from './involvement';
import { payeeHandlers } from './payees';
import { rateHandlers } from './rates';
import { receiptHandlers } from './receipts';
import { totalsHandlers } from './totals';

export const expensesHandlers: HandlersFor<'expenses.'> = {
  ...payeeHandlers,
  ...claimHandlers,
  ...mileageHandlers,
  ...receiptHandlers,
  ...batchHandlers,
  ...involvementHandlers,
  ...rateHandlers,
  ...totalsHandlers,
};
