import { describe, expect, it } from 'vitest';
import { AMOUNT_MINOR_MAX } from '../../src/domain/limits.ts';
import {
  convertMinor,
  currencyScale,
  formatMoney,
  isAmountInRange,
  isCurrencyCode,
  majorToMinor,
  minorToMajor,
  parseAmountMinor,
} from '../../src/domain/money.ts';

describe('parseAmountMinor', () => {
  it('reads plain digit strings as minor units', () => {
    expect(parseAmountMinor('1500000')).toBe(1_500_000n);
    expect(parseAmountMinor('1')).toBe(1n);
    expect(parseAmountMinor('0')).toBe(0n);
    expect(parseAmountMinor('1000000000000000')).toBe(AMOUNT_MINOR_MAX);
  });

  it('reads up to 19 digits exactly, beyond the range of a JS number', () => {
    expect(parseAmountMinor('9999999999999999999')).toBe(9_999_999_999_999_999_999n);
    expect(parseAmountMinor('9007199254740993')).toBe(9_007_199_254_740_993n);
  });

  it.each([
    ['plus sign', '+1'],
    ['minus sign', '-1'],
    ['negative zero', '-0'],
    ['exponent', '1e6'],
    ['upper-case exponent', '1E6'],
    ['fraction', '1.5'],
    ['trailing dot', '100.'],
    ['zero fraction', '100.00'],
    ['comma fraction', '12,50'],
    ['grouping dots', '1.000.000'],
    ['leading space', ' 1'],
    ['trailing space', '1 '],
    ['inner space', '1 000'],
    ['newline', '1\n'],
    ['leading zero', '01'],
    ['leading zeros', '000123'],
    ['double zero', '00'],
    ['empty', ''],
    ['20 digits', '1'.repeat(20)],
    ['hex', '0x10'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['underscore separators', '1_000'],
    ['full-width digits', '１２３'],
    ['Arabic-Indic digits', '١٢٣'],
  ])('refuses %s (%j)', (_label, text) => {
    expect(parseAmountMinor(text)).toBeNull();
  });
});

describe('isAmountInRange', () => {
  it('accepts 1 through 10^15 inclusive', () => {
    expect(isAmountInRange(1n)).toBe(true);
    expect(isAmountInRange(1_500_000n)).toBe(true);
    expect(isAmountInRange(10n ** 15n)).toBe(true);
  });

  it('refuses zero, negatives and anything above 10^15', () => {
    expect(isAmountInRange(0n)).toBe(false);
    expect(isAmountInRange(-1n)).toBe(false);
    expect(isAmountInRange(10n ** 15n + 1n)).toBe(false);
    expect(isAmountInRange(9_999_999_999_999_999_999n)).toBe(false);
  });

  it('uses the same maximum as the limits module', () => {
    expect(AMOUNT_MINOR_MAX).toBe(10n ** 15n);
  });
});

describe('currencies', () => {
  it('knows the ISO 4217 scales it lists', () => {
    expect(currencyScale('VND')).toBe(0);
    expect(currencyScale('JPY')).toBe(0);
    expect(currencyScale('USD')).toBe(2);
    expect(currencyScale('EUR')).toBe(2);
  });

  it('recognises only its own codes, not inherited object keys', () => {
    expect(isCurrencyCode('VND')).toBe(true);
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('vnd')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('toString')).toBe(false);
    expect(isCurrencyCode('__proto__')).toBe(false);
  });
});

describe('majorToMinor', () => {
  it('scales major units by the currency', () => {
    expect(majorToMinor('12.50', 'USD')).toBe(1250n);
    expect(majorToMinor('12.5', 'USD')).toBe(1250n);
    expect(majorToMinor('0.01', 'USD')).toBe(1n);
    expect(majorToMinor('1000000', 'VND')).toBe(1_000_000n);
    expect(majorToMinor('1500000.0', 'VND')).toBe(1_500_000n);
  });

  it('stays exact for amounts a float would round', () => {
    expect(majorToMinor('90071992547409.93', 'USD')).toBe(9_007_199_254_740_993n);
    expect(majorToMinor('0.29', 'USD')).toBe(29n);
  });

  it('refuses more decimals than the currency has', () => {
    expect(majorToMinor('12.505', 'USD')).toBeNull();
    expect(majorToMinor('1.5', 'VND')).toBeNull();
    expect(majorToMinor('0.001', 'EUR')).toBeNull();
  });

  it('refuses text that is not a number', () => {
    expect(majorToMinor('abc', 'USD')).toBeNull();
    expect(majorToMinor('', 'USD')).toBeNull();
    expect(majorToMinor('12,50', 'USD')).toBeNull();
    expect(majorToMinor('Infinity', 'USD')).toBeNull();
    expect(majorToMinor('NaN', 'VND')).toBeNull();
  });
});

describe('minorToMajor', () => {
  it('renders with exactly the currency scale', () => {
    expect(minorToMajor(1250n, 'USD')).toBe('12.50');
    expect(minorToMajor(5n, 'USD')).toBe('0.05');
    expect(minorToMajor(0n, 'USD')).toBe('0.00');
    expect(minorToMajor(1_000_000n, 'VND')).toBe('1000000');
    expect(minorToMajor(-1250n, 'USD')).toBe('-12.50');
  });

  it('stays exact past 2^53', () => {
    expect(minorToMajor(9_007_199_254_740_993n, 'USD')).toBe('90071992547409.93');
    expect(minorToMajor(9_999_999_999_999_999_999n, 'VND')).toBe('9999999999999999999');
  });

  it('round-trips with majorToMinor', () => {
    for (const amount of [1n, 99n, 100n, 123_456_789n, 10n ** 15n]) {
      expect(majorToMinor(minorToMajor(amount, 'USD'), 'USD')).toBe(amount);
      expect(majorToMinor(minorToMajor(amount, 'VND'), 'VND')).toBe(amount);
    }
  });
});

describe('convertMinor (half-even to the target minor unit)', () => {
  it('converts exactly when no rounding is needed', () => {
    // 100.00 USD at 25 345.5 VND per USD
    expect(convertMinor(10_000n, 'USD', '25345.5', 'VND')).toBe(2_534_550n);
    // 1 000 000 VND at 0.00004 USD per VND = 40.00 USD
    expect(convertMinor(1_000_000n, 'VND', '0.00004', 'USD')).toBe(4_000n);
  });

  it('rounds a half down to the even neighbour', () => {
    // 0.01 USD × 250 = 2.5 VND → 2
    expect(convertMinor(1n, 'USD', '250', 'VND')).toBe(2n);
    // 1 JPY × 0.005 USD = 0.5 cent → 0
    expect(convertMinor(1n, 'JPY', '0.005', 'USD')).toBe(0n);
    // 0.01 USD × 450 = 4.5 VND → 4
    expect(convertMinor(1n, 'USD', '450', 'VND')).toBe(4n);
  });

  it('rounds a half up to the even neighbour', () => {
    // 0.01 USD × 350 = 3.5 VND → 4
    expect(convertMinor(1n, 'USD', '350', 'VND')).toBe(4n);
    // 3 JPY × 0.005 USD = 1.5 cents → 2
    expect(convertMinor(3n, 'JPY', '0.005', 'USD')).toBe(2n);
  });

  it('rounds anything off the half to the nearest', () => {
    expect(convertMinor(1n, 'USD', '250.0001', 'VND')).toBe(3n);
    expect(convertMinor(1n, 'USD', '249.9999', 'VND')).toBe(2n);
    expect(convertMinor(1n, 'USD', '234', 'VND')).toBe(2n);
    expect(convertMinor(1n, 'USD', '236', 'VND')).toBe(2n);
  });

  it('rounds negative halves to even as well', () => {
    expect(convertMinor(-1n, 'USD', '250', 'VND')).toBe(-2n);
    expect(convertMinor(-1n, 'USD', '350', 'VND')).toBe(-4n);
  });

  it('keeps precision for large amounts', () => {
    // 10^13 USD cents × 25 000 VND = 2.5 × 10^15 VND
    expect(convertMinor(10n ** 13n, 'USD', '25000', 'VND')).toBe(2_500_000_000_000_000n);
    expect(convertMinor(123_456_789_012_345n, 'VND', '1', 'JPY')).toBe(123_456_789_012_345n);
  });
});

describe('formatMoney', () => {
  it('groups VND with dots and the đồng sign', () => {
    expect(formatMoney(1_000_000n, 'VND')).toBe('1.000.000 ₫');
    expect(formatMoney(1_500_000n, 'VND')).toBe('1.500.000 ₫');
    expect(formatMoney(999n, 'VND')).toBe('999 ₫');
    expect(formatMoney(1_000n, 'VND')).toBe('1.000 ₫');
    expect(formatMoney(0n, 'VND')).toBe('0 ₫');
    expect(formatMoney(10n ** 15n, 'VND')).toBe('1.000.000.000.000.000 ₫');
  });

  it('puts the minus sign before negative amounts', () => {
    expect(formatMoney(-1_500_000n, 'VND')).toBe('-1.500.000 ₫');
    expect(formatMoney(-5n, 'USD')).toBe('-0,05 USD');
  });

  it('uses a decimal comma and the code for other currencies', () => {
    expect(formatMoney(1250n, 'USD')).toBe('12,50 USD');
    expect(formatMoney(5n, 'USD')).toBe('0,05 USD');
    expect(formatMoney(123_456_789n, 'USD')).toBe('1.234.567,89 USD');
    expect(formatMoney(1_000_000n, 'JPY')).toBe('1.000.000 JPY');
  });
});
