import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../src/domain/amount-words.ts';
import { AMOUNT_MINOR_MAX } from '../../src/domain/limits.ts';

describe('amountInWords', () => {
  it.each([
    [0n, 'Không đồng'],
    [1n, 'Một đồng'],
    [4n, 'Bốn đồng'],
    [5n, 'Năm đồng'],
    [10n, 'Mười đồng'],
    [11n, 'Mười một đồng'],
    [14n, 'Mười bốn đồng'],
    [15n, 'Mười lăm đồng'],
    [20n, 'Hai mươi đồng'],
    [21n, 'Hai mươi mốt đồng'],
    [24n, 'Hai mươi tư đồng'],
    [25n, 'Hai mươi lăm đồng'],
    [31n, 'Ba mươi mốt đồng'],
    [44n, 'Bốn mươi tư đồng'],
    [55n, 'Năm mươi lăm đồng'],
    [99n, 'Chín mươi chín đồng'],
    [100n, 'Một trăm đồng'],
    [101n, 'Một trăm linh một đồng'],
    [104n, 'Một trăm linh bốn đồng'],
    [105n, 'Một trăm linh năm đồng'],
    [110n, 'Một trăm mười đồng'],
    [111n, 'Một trăm mười một đồng'],
    [114n, 'Một trăm mười bốn đồng'],
    [115n, 'Một trăm mười lăm đồng'],
    [121n, 'Một trăm hai mươi mốt đồng'],
    [124n, 'Một trăm hai mươi tư đồng'],
    [125n, 'Một trăm hai mươi lăm đồng'],
    [999n, 'Chín trăm chín mươi chín đồng'],
    [1_000n, 'Một nghìn đồng'],
    [1_001n, 'Một nghìn không trăm linh một đồng'],
    [1_005n, 'Một nghìn không trăm linh năm đồng'],
    [1_010n, 'Một nghìn không trăm mười đồng'],
    [1_015n, 'Một nghìn không trăm mười lăm đồng'],
    [1_021n, 'Một nghìn không trăm hai mươi mốt đồng'],
    [1_100n, 'Một nghìn một trăm đồng'],
    [2_024n, 'Hai nghìn không trăm hai mươi tư đồng'],
    [10_000n, 'Mười nghìn đồng'],
    [15_000n, 'Mười lăm nghìn đồng'],
    [21_000n, 'Hai mươi mốt nghìn đồng'],
    [24_000n, 'Hai mươi tư nghìn đồng'],
    [100_000n, 'Một trăm nghìn đồng'],
    [105_000n, 'Một trăm linh năm nghìn đồng'],
    [500_000n, 'Năm trăm nghìn đồng'],
    [1_000_000n, 'Một triệu đồng'],
    [1_000_001n, 'Một triệu không trăm linh một đồng'],
    [1_000_010n, 'Một triệu không trăm mười đồng'],
    [1_000_100n, 'Một triệu một trăm đồng'],
    [1_001_000n, 'Một triệu không trăm linh một nghìn đồng'],
    [1_500_000n, 'Một triệu năm trăm nghìn đồng'],
    [2_300_000n, 'Hai triệu ba trăm nghìn đồng'],
    [40_000_000n, 'Bốn mươi triệu đồng'],
    [35_000_000n, 'Ba mươi lăm triệu đồng'],
    [70_000_000n, 'Bảy mươi triệu đồng'],
    [1_000_000_000n, 'Một tỷ đồng'],
    [1_000_000_005n, 'Một tỷ không trăm linh năm đồng'],
    [1_000_005_000n, 'Một tỷ không trăm linh năm nghìn đồng'],
    [1_005_000_000n, 'Một tỷ không trăm linh năm triệu đồng'],
    [15_000_000_000n, 'Mười lăm tỷ đồng'],
    [1_000_000_000_000n, 'Một nghìn tỷ đồng'],
    [1_000_000_000_001n, 'Một nghìn tỷ không trăm linh một đồng'],
    [1_001_000_000_000n, 'Một nghìn không trăm linh một tỷ đồng'],
    [
      1_234_567_891_234n,
      'Một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn hai trăm ba mươi tư đồng',
    ],
    [10n ** 15n, 'Một triệu tỷ đồng'],
    [
      10n ** 15n - 1n,
      'Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu ' +
        'chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng',
    ],
  ])('reads %s as %j', (amountMinor, words) => {
    expect(amountInWords(amountMinor)).toBe(words);
  });

  it('reads the largest allowed amount', () => {
    expect(AMOUNT_MINOR_MAX).toBe(10n ** 15n);
    expect(amountInWords(AMOUNT_MINOR_MAX)).toBe('Một triệu tỷ đồng');
  });

  it.each([
    ['minus one', -1n],
    ['a large negative', -(10n ** 15n)],
    ['one above the maximum', AMOUNT_MINOR_MAX + 1n],
    ['10^18', 10n ** 18n],
  ])('refuses %s with a RangeError', (_label, amountMinor) => {
    expect(() => amountInWords(amountMinor)).toThrow(RangeError);
  });
});

/**
 * An independent reader of the words, written the other way round: it sums digits under trăm / mươi / mười
 * and folds nghìn / triệu / tỷ by magnitude, so "một nghìn tỷ" is 10^12. It also refuses the forms the
 * northern convention forbids (hai mươi một, hai mươi bốn, mười năm, a bare "linh"), so a round trip checks
 * the spelling rules as well as the value.
 */
const DIGIT_VALUES: Record<string, number> = {
  không: 0,
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
};
const SCALE_VALUES: Record<string, bigint> = { nghìn: 1_000n, triệu: 1_000_000n, tỷ: 1_000_000_000n };
/** Sound changes, each allowed only after the listed words. */
const CHANGED_DIGITS: Record<string, { value: number; after: string[] }> = {
  mốt: { value: 1, after: ['mươi'] },
  tư: { value: 4, after: ['mươi'] },
  lăm: { value: 5, after: ['mươi', 'mười'] },
};

function checkPlainDigit(token: string, previous: string): void {
  if (previous === 'mươi' && ['một', 'bốn', 'năm'].includes(token)) throw new Error(`"mươi ${token}"`);
  if (previous === 'mười' && token === 'năm') throw new Error('"mười năm"');
}

interface Scaled {
  value: bigint;
  scale: bigint;
}

/** Folds the small number so far, and every earlier part of a smaller scale, under one scale word. */
function foldScale(parts: Scaled[], small: number, scale: bigint): void {
  let sum = BigInt(small);
  while (parts.length > 0 && parts[parts.length - 1]!.scale < scale) sum += parts.pop()!.value;
  if (sum === 0n) throw new Error('scale word with nothing before it');
  parts.push({ value: sum * scale, scale });
}

/** Zero groups are skipped, and a group after a scale word reads its hundreds, even "không trăm". */
function checkGroupStarts(tokens: string[]): void {
  if (tokens[0] === 'không' && tokens.length > 1) throw new Error('leading "không"');
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    if (!(token in SCALE_VALUES) || next === undefined || next in SCALE_VALUES) return;
    if (!(next in DIGIT_VALUES) || tokens[index + 2] !== 'trăm')
      throw new Error(`"${token} ${next}" skips trăm`);
    if (next === 'không' && tokens[index + 3] === undefined) throw new Error('an all-zero group was read');
  });
}

function parseWords(text: string): bigint {
  const tokens = text.toLowerCase().split(' ');
  if (tokens.pop() !== 'đồng') throw new Error('does not end in "đồng"');
  checkGroupStarts(tokens);
  const parts: Scaled[] = [];
  let small = 0;
  let digit: number | null = null;
  let previous = '';
  for (const token of tokens) {
    const changed = CHANGED_DIGITS[token];
    const scale = SCALE_VALUES[token];
    if (token in DIGIT_VALUES) {
      checkPlainDigit(token, previous);
      digit = DIGIT_VALUES[token]!;
    } else if (changed) {
      if (!changed.after.includes(previous)) throw new Error(`"${token}" after "${previous}"`);
      digit = changed.value;
    } else if (token === 'trăm' && digit !== null) {
      small += digit * 100;
      digit = null;
    } else if (token === 'mươi' && digit !== null && digit >= 2) {
      small += digit * 10;
      digit = null;
    } else if (token === 'mười') {
      small += 10;
    } else if (token === 'linh' && previous === 'trăm') {
      // a zero tens digit; the units digit follows
    } else if (scale !== undefined) {
      foldScale(parts, small + (digit ?? 0), scale);
      small = 0;
      digit = null;
    } else {
      throw new Error(`unexpected "${token}" after "${previous}"`);
    }
    previous = token;
  }
  if (previous === 'linh') throw new Error('"linh" with no digit after it');
  return parts.reduce((total, part) => total + part.value, BigInt(small + (digit ?? 0)));
}

function checkShape(words: string): void {
  expect(words).toMatch(/^[A-ZĐ]\S* (\S+ )*đồng$/u);
  expect(words.slice(1)).toBe(words.slice(1).toLowerCase());
}

describe('amountInWords read back by an independent parser', () => {
  it('the parser itself reads the hand-written cases', () => {
    expect(parseWords('Một triệu không trăm linh một nghìn đồng')).toBe(1_001_000n);
    expect(parseWords('Một nghìn không trăm linh một tỷ đồng')).toBe(1_001_000_000_000n);
    expect(parseWords('Một triệu tỷ đồng')).toBe(10n ** 15n);
    expect(parseWords('Không đồng')).toBe(0n);
  });

  it.each([
    'Hai mươi một đồng',
    'Hai mươi bốn đồng',
    'Hai mươi năm đồng',
    'Mười năm đồng',
    'Mười mốt đồng',
    'Mười tư đồng',
    'Một trăm linh đồng',
    'Một mươi đồng',
    'Một nghìn',
    'Một nghìn mười đồng',
    'Một triệu linh một đồng',
    'Một triệu không trăm nghìn đồng',
    'Không trăm mười đồng',
  ])('the parser refuses the wrong form %j', (words) => {
    expect(() => parseWords(words)).toThrow();
  });

  it('round-trips every amount from 0 to 100.000', () => {
    for (let amount = 0n; amount <= 100_000n; amount += 1n) {
      const words = amountInWords(amount);
      if (parseWords(words) !== amount) expect.fail(`${amount} read as "${words}"`);
    }
  });

  it('round-trips any amount in range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: AMOUNT_MINOR_MAX }), (amount) => {
        const words = amountInWords(amount);
        checkShape(words);
        expect(parseWords(words)).toBe(amount);
      }),
      { seed: 20240915, numRuns: 2_000 },
    );
  });

  /** Mostly zeros, ones, fours and fives: the digits where zero groups, linh, mốt, tư and lăm decide. */
  const trickyAmount = fc
    .array(fc.constantFrom(0, 0, 0, 1, 4, 5, 9), { minLength: 1, maxLength: 15 })
    .map((digits) => BigInt(digits.join('')));

  it('round-trips amounts full of zeros and the digits that change their sound', () => {
    fc.assert(
      fc.property(trickyAmount, (amount) => {
        const words = amountInWords(amount);
        checkShape(words);
        expect(parseWords(words)).toBe(amount);
      }),
      { seed: 1_001, numRuns: 3_000 },
    );
  });
});
