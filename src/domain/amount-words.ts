import { AMOUNT_MINOR_MAX } from './limits.ts';

/**
 * Amounts in words for receipts (VND, northern convention): "Một triệu không trăm linh một nghìn đồng".
 * Numbers are read in groups of three; above a tỷ the count of tỷ is itself read as a number, so 10^12 is
 * "một nghìn tỷ" and 10^15 "một triệu tỷ" rather than inventing larger group names.
 */

const DIGIT_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
/** Group names below a tỷ, by group index (units, thousands, millions). */
const GROUP_WORDS = ['', 'nghìn', 'triệu'] as const;
const BILLION = 1_000_000_000n;

function digitWord(digit: number): string {
  const word = DIGIT_WORDS[digit];
  if (word === undefined) throw new RangeError(`not a digit: ${digit}`);
  return word;
}

/** The units digit after a tens digit: 1, 4 and 5 change their sound once a tens word precedes them. */
function unitsAfterTens(tens: number, units: number): string[] {
  if (units === 0) return [];
  if (units === 1 && tens >= 2) return ['mốt'];
  if (units === 4 && tens >= 2) return ['tư'];
  if (units === 5) return ['lăm'];
  return [digitWord(units)];
}

/** Tens and units of one group. `afterHundreds` says a hundreds word was read, so a lone units digit needs "linh". */
function tensAndUnits(tens: number, units: number, afterHundreds: boolean): string[] {
  if (tens === 0) {
    if (units === 0) return [];
    return afterHundreds ? ['linh', digitWord(units)] : [digitWord(units)];
  }
  const tensWords = tens === 1 ? ['mười'] : [digitWord(tens), 'mươi'];
  return [...tensWords, ...unitsAfterTens(tens, units)];
}

/**
 * One group of three digits (1–999). The leading group of a number drops its zero hundreds ("mười"), every
 * later group reads them ("không trăm mười") so the listener can place the digits.
 */
function groupWords(group: number, leading: boolean): string[] {
  const hundreds = Math.floor(group / 100);
  const tens = Math.floor(group / 10) % 10;
  const units = group % 10;
  if (leading && hundreds === 0) return tensAndUnits(tens, units, false);
  return [digitWord(hundreds), 'trăm', ...tensAndUnits(tens, units, true)];
}

/** A positive number below a tỷ, in groups of three; groups that are entirely zero are skipped. */
function belowBillionWords(value: bigint, leading: boolean): string[] {
  const words: string[] = [];
  for (let index = GROUP_WORDS.length - 1; index >= 0; index -= 1) {
    const group = Number((value / 1000n ** BigInt(index)) % 1000n);
    if (group === 0) continue;
    const name = GROUP_WORDS[index];
    words.push(...groupWords(group, leading && words.length === 0));
    if (name) words.push(name);
  }
  return words;
}

/** A positive number: the count of tỷ is read as a number of its own, then the rest as later groups. */
function numberWords(value: bigint, leading: boolean): string[] {
  if (value < BILLION) return belowBillionWords(value, leading);
  const billions = value / BILLION;
  const rest = value % BILLION;
  const restWords = rest === 0n ? [] : numberWords(rest, false);
  return [...numberWords(billions, leading), 'tỷ', ...restWords];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Reads a VND amount in words for a receipt. Amounts were validated upstream, so a negative amount or one
 * above AMOUNT_MINOR_MAX is a programmer error (RangeError), not a refusal.
 */
export function amountInWords(amountMinor: bigint): string {
  if (amountMinor < 0n) throw new RangeError(`amount in words: negative amount ${amountMinor}`);
  if (amountMinor > AMOUNT_MINOR_MAX)
    throw new RangeError(`amount in words: ${amountMinor} above the maximum`);
  const words = amountMinor === 0n ? ['không'] : numberWords(amountMinor, true);
  return capitalise([...words, 'đồng'].join(' '));
}
