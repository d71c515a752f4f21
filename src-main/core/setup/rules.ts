// The brief's rules in plain words for staff, built from the code and settings that implement each rule (never retyped
// numbers): completion from the settings and the attendance marks, the mileage tier from the rates in force and the
// mileage calculation itself, suppression from the returns' own constants and function.
import { collegeToday, formatDate, taxYearOf, taxYearRange } from '../../contract/dates';
import { CLAIM_STATUSES, VEHICLES } from '../../contract/expenses';
import { formatRate } from '../../contract/money';
import { MARK_LABELS } from '../../contract/registers';
import { SUPPRESSED, SUPPRESSION, suppressCount } from '../../contract/returns';
import type { RuleText, RuleTexts } from '../../contract/setup';
import type { Db } from '../api/handlers';
import { loadMileageRates, rateOn, TIER_COUNTED_STATUSES } from '../expenses/queries';
import { computeMileage, type VehicleRate } from '../expenses/rules';
import { ATTENDED_MARKS } from '../returns/definitions';
import { readSettings } from '../settings/settings';

/** "a, b or c" */
function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const lower = (s: string) => s.toLowerCase();
const dayMonth = (iso: string) => formatDate(iso).replace(/ \d{4}$/, '');

export async function completionRule(db: Db): Promise<RuleText> {
  const { completionThresholdPercent: pct } = await readSettings(db);
  const attended = orList(ATTENDED_MARKS.map((m) => lower(MARK_LABELS[m])));
  return {
    title: 'Completing a course',
    text:
      `A student completes a course run by attending at least ${pct}% of the sessions held since they joined it (marked ${attended}). ` +
      'A session is held once it has started and was not cancelled, so cancelled sessions and agreed breaks never count against anyone. ' +
      `A manager can change the ${pct}% in College settings.`,
    examples: [],
  };
}

function tryRate(table: Awaited<ReturnType<typeof loadMileageRates>>, vehicle: Parameters<typeof rateOn>[1], on: string): VehicleRate | null {
  try {
    return rateOn(table, vehicle, on);
  } catch {
    return null;
  }
}

export async function mileageRule(db: Db, now: Date): Promise<RuleText> {
  const today = collegeToday(now);
  const table = await loadMileageRates(db);
  const car = tryRate(table, 'car_van', today);
  const { from, to } = taxYearRange(taxYearOf(today));
  const counted = orList(TIER_COUNTED_STATUSES.map((s) => lower(CLAIM_STATUSES[s])));
  const title = 'Mileage and the tax-year tier';
  if (!car) return { title, text: 'There is no car or van mileage rate in force today: a manager can add one under Rates & limits.', examples: [] };
  const others = (['motorcycle', 'bicycle'] as const)
    .map((v) => [v, tryRate(table, v, today)] as const)
    .filter(([, r]) => r)
    .map(([v, r]) => `${lower(VEHICLES[v])}s ${formatRate(r!.ratePence)}`);
  const passenger = tryRate(table, 'passenger', today);
  const extras = [
    ...(passenger ? [`each passenger adds ${formatRate(passenger.ratePence)} a mile`] : []),
    ...(others.length ? [`${others.join(', ')} a mile`] : []),
  ];
  const tiered = car.thresholdMiles !== null && car.aboveThresholdPence !== null;
  const text = tiered
    ? `Cars and vans are paid ${formatRate(car.ratePence)} a mile for the first ${car.thresholdMiles!.toLocaleString('en-GB')} miles a person claims in a tax year ` +
      `(${dayMonth(from)} to ${dayMonth(to)}), then ${formatRate(car.aboveThresholdPence!)} a mile. ` +
      `The miles are counted across all of that person’s ${counted} claims in the tax year, and a journey that crosses the ${car.thresholdMiles!.toLocaleString('en-GB')}-mile mark is split between the two rates. ` +
      (extras.length ? `Also: ${extras.join('; ')}. ` : '') +
      'These are today’s rates; a manager can change them under Rates & limits from a date.'
    : `Cars and vans are paid ${formatRate(car.ratePence)} a mile. ` + (extras.length ? `Also: ${extras.join('; ')}.` : '');
  const examples: string[] = [];
  if (tiered) {
    const before = (car.thresholdMiles! - 50) * 10;
    const r = computeMileage({ milesTenths: 1000, vehicle: 'car_van', passengers: 0, rate: car, passengerRatePence: 0, milesBeforeTenths: before });
    examples.push(`A 100-mile journey by someone who has already claimed ${(car.thresholdMiles! - 50).toLocaleString('en-GB')} miles this tax year: ${r.working}.`);
  }
  return { title, text, examples };
}

export function suppressionRule(): RuleText {
  const { largestHidden, roundTo } = SUPPRESSION;
  const shown = (n: number) => `${n} → ${suppressCount(n)}`;
  return {
    title: 'Small numbers in returns',
    text:
      `In any return that leaves the building, a count of 1 to ${largestHidden} is shown as ${SUPPRESSED}, other counts are rounded to the nearest ${roundTo}, and 0 stays 0. ` +
      `A mean or percentage based on 1 to ${largestHidden} people is not shown. This keeps anyone from being recognised from a small group. ` +
      'The exact figures stay on this screen for managers.',
    examples: [0, 3, largestHidden, largestHidden + 1, 12, 13].map(shown),
  };
}

export async function ruleTexts(db: Db, now: Date): Promise<RuleTexts> {
  return { completion: await completionRule(db), mileage: await mileageRule(db, now), suppression: suppressionRule() };
}
