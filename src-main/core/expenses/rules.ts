// The college's own money rules, as pure functions: UK tax years, Monday–Sunday weeks, HMRC mileage with its
// 10,000-mile tier, masking bank details, spreadsheet-safe cells.
import type { BankDetails, Vehicle } from '../../contract/expenses';
import { divRoundHalfUp, formatPence, formatRate, formatTenths } from '../../contract/money';

// Tax years and weeks live in the contract (contract/dates.ts), the one place both core and screens use.
export { taxYearLabel, taxYearOf, taxYearRange, weekOf } from '../../contract/dates';

// ── mileage ───────────────────────────────────────────────────
export interface VehicleRate {
  ratePence: number;
  thresholdMiles: number | null;
  aboveThresholdPence: number | null;
}

export interface MileageInput {
  milesTenths: number;
  vehicle: Vehicle;
  passengers: number;
  rate: VehicleRate;
  passengerRatePence: number;
  /** Car/van miles (tenths) this person has already had counted in the tax year. */
  milesBeforeTenths: number;
}

export interface MileageResult {
  amountPence: number;
  parts: { milesTenths: number; ratePence: number }[];
  passengerPence: number;
  working: string;
}

/**
 * HMRC approved mileage: the car/van rate tier is counted across the tax year, so a line that crosses the
 * threshold is split. Everything is summed in tenth-pence (miles are in tenths) and rounded once, half up.
 */
export function computeMileage(input: MileageInput): MileageResult {
  const { milesTenths, rate, passengers } = input;
  const parts: { milesTenths: number; ratePence: number }[] = [];
  if (rate.thresholdMiles !== null && rate.aboveThresholdPence !== null) {
    const thresholdTenths = rate.thresholdMiles * 10;
    const atFirstRate = Math.max(0, Math.min(milesTenths, thresholdTenths - input.milesBeforeTenths));
    if (atFirstRate > 0) parts.push({ milesTenths: atFirstRate, ratePence: rate.ratePence });
    if (milesTenths - atFirstRate > 0) parts.push({ milesTenths: milesTenths - atFirstRate, ratePence: rate.aboveThresholdPence });
  } else {
    parts.push({ milesTenths, ratePence: rate.ratePence });
  }
  const passengerTenthPence = passengers * milesTenths * input.passengerRatePence;
  const tenthPence = parts.reduce((sum, p) => sum + p.milesTenths * p.ratePence, 0) + passengerTenthPence;
  const amountPence = divRoundHalfUp(tenthPence, 10);
  const pieces = parts.map((p) => `${formatTenths(p.milesTenths)} × ${formatRate(p.ratePence)}`);
  if (passengers > 0) {
    pieces.push(`${passengers} passenger${passengers === 1 ? '' : 's'} × ${formatTenths(milesTenths)} × ${formatRate(input.passengerRatePence)}`);
  }
  return {
    amountPence,
    parts,
    passengerPence: divRoundHalfUp(passengerTenthPence, 10),
    working: `${formatTenths(milesTenths)} mi: ${pieces.join(' + ')} = ${formatPence(amountPence)}`,
  };
}

// ── bank details ──────────────────────────────────────────────
export function formatSortCode(digits: string): string {
  return `${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
}

/** Bank details as the caller may see them: in full, or with all but the last digits hidden. */
export function bankDetailsFor(
  row: { bank_account_name: string | null; bank_sort_code: string | null; bank_account_number: string | null },
  canSeeFull: boolean,
): BankDetails | null {
  if (!row.bank_sort_code || !row.bank_account_number) return null;
  if (canSeeFull) {
    return { accountName: row.bank_account_name ?? '', sortCode: formatSortCode(row.bank_sort_code), accountNumber: row.bank_account_number, masked: false };
  }
  return {
    accountName: row.bank_account_name ?? '',
    sortCode: `**-**-${row.bank_sort_code.slice(4)}`,
    accountNumber: `****${row.bank_account_number.slice(-4)}`,
    masked: true,
  };
}
