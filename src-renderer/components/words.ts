// Small wording helpers, so counts read naturally ("1 claim", "3 claims").

/** `plural(1, 'claim')` → "1 claim"; `plural(3, 'claim')` → "3 claims"; give `many` for irregular words. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
