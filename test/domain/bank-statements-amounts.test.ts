import { describe, expect, it } from 'vitest';
import { parseStatementAmount } from '../../src/domain/bank-statements/amounts.ts';
import { DomainError } from '../../src/domain/errors.ts';

function refusal(text: string): DomainError {
  try {
    parseStatementAmount(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseStatementAmount', () => {
  it.each([
    ['1.000.000', 1_000_000n],
    ['1,000,000', 1_000_000n],
    ['1000000', 1_000_000n],
    ['1.000.000,00', 1_000_000n],
    ['1,000,000.00', 1_000_000n],
    [' 500.000 VND', 500_000n],
    ['500.000 VNĐ', 500_000n],
    ['500.000đ', 500_000n],
    ['₫ 12.000', 12_000n],
    ['VND 2.500.000', 2_500_000n],
    ['1 000 000', 1_000_000n],
    ['1\u00a0234\u00a0567,00', 1_234_567n],
    ['500.000', 500_000n],
    ['500,000', 500_000n],
    ['1.000', 1_000n],
    ['1000000,00', 1_000_000n],
    ['1000000.00', 1_000_000n],
    ['100,00', 100n],
    ['7', 7n],
    ['0', 0n],
    ['123.456.789.012', 123_456_789_012n],
  ])('reads %j as %s đồng', (text, expected) => {
    expect(parseStatementAmount(text)).toBe(expected);
  });

  it.each([
    ['-1.500.000', -1_500_000n],
    ['(250.000)', -250_000n],
    ['+ 3.000', 3_000n],
    ['-2,000,000.00', -2_000_000n],
  ])('keeps the sign of %j', (text, expected) => {
    expect(parseStatementAmount(text)).toBe(expected);
  });

  it.each(['', '   ', '-', '—', 'VND'])('reads %j as no amount', (text) => {
    expect(parseStatementAmount(text)).toBeNull();
  });

  it.each([
    ['1.000,50', 'fraction'],
    ['1,000.5', 'fraction'],
    ['12.5', 'fraction'],
    ['0,5', 'fraction'],
    ['0.500', 'fraction'],
  ])('refuses %j: VND has no fraction of a đồng', (text) => {
    const error = refusal(text);
    expect(error.code).toBe('validation-failed');
    expect(error.message).toContain('fraction of a đồng');
    expect(error.fieldErrors[0]?.field).toBe('amount');
  });

  it.each(['1.00.000', '10,00,000', '1.000,000.00', '1,000.000,00', '1 00 000'])(
    'refuses %j: digit groups that are not thousands',
    (text) => {
      expect(refusal(text).message).toContain('not thousands');
    },
  );

  it.each(['abc', '1O0.000', '12a', '1.000.000 USD', '--5', '1e6', '.5', '5.'])('refuses junk %j', (text) => {
    expect(refusal(text).code).toBe('validation-failed');
  });

  it('refuses amounts above the ledger maximum and over-long text', () => {
    expect(refusal('1.000.000.000.000.001').message).toContain('more than');
    expect(refusal('1'.repeat(41)).message).toContain('longer than 40');
    expect(parseStatementAmount('1.000.000.000.000.000')).toBe(1_000_000_000_000_000n);
  });

  it('names the field it was given', () => {
    try {
      parseStatementAmount('x', 'credit');
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).fieldErrors).toEqual([{ field: 'credit', detail: 'not a number' }]);
    }
  });
});
