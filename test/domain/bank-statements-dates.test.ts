import { describe, expect, it } from 'vitest';
import { parseStatementDate } from '../../src/domain/bank-statements/dates.ts';
import { DomainError } from '../../src/domain/errors.ts';

function refusalDetail(text: string, defaultYear?: number): string {
  try {
    parseStatementDate(text, defaultYear === undefined ? {} : { defaultYear });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).fieldErrors[0]!.detail;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseStatementDate', () => {
  it.each([
    ['10/09/2024', '2024-09-10'],
    ['10-09-2024', '2024-09-10'],
    ['10.09.2024', '2024-09-10'],
    ['1/9/2024', '2024-09-01'],
    ['10/09/2024 23:21:53', '2024-09-10'],
    ['10/09/2024 7:05', '2024-09-10'],
    ['31/12/24', '2024-12-31'],
    ['2024-09-10', '2024-09-10'],
    ['2024/09/10', '2024-09-10'],
    ['2024-09-10T08:30:00', '2024-09-10'],
    ['  29/02/2024 ', '2024-02-29'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseStatementDate(text)).toBe(expected);
  });

  it('reads dd/mm with the given default year, times included', () => {
    expect(parseStatementDate('10/09', { defaultYear: 2024 })).toBe('2024-09-10');
    expect(parseStatementDate('10/09 0:54:04', { defaultYear: 2024 })).toBe('2024-09-10');
    expect(parseStatementDate('18/09 23:59:59', { defaultYear: 2023 })).toBe('2023-09-18');
  });

  it('a year in the text wins over the default year', () => {
    expect(parseStatementDate('10/09/2023', { defaultYear: 2024 })).toBe('2023-09-10');
  });

  it('refuses dd/mm without a default year', () => {
    expect(refusalDetail('10/09')).toContain('no year');
  });

  it.each(['31/04/2024', '29/02/2023', '00/01/2024', '32/01/2024', '15/13/2024', '2024-02-30'])(
    'refuses the impossible day %j',
    (text) => {
      expect(refusalDetail(text)).toBe('no such day');
    },
  );

  it.each(['10/09/2024 24:00:00', '10/09/2024 12:60', '10/09/2024 12:00:61'])(
    'refuses the impossible time %j',
    (text) => {
      expect(refusalDetail(text)).toContain('time of day');
    },
  );

  it('refuses days outside the ledger range and non-dates', () => {
    expect(refusalDetail('01/01/1989')).toContain('outside');
    expect(refusalDetail('01/01/2100')).toContain('outside');
    expect(refusalDetail('Ngày giao dịch')).toContain('expected');
    expect(refusalDetail('10/09/202')).toContain('expected');
    expect(refusalDetail('2024-9')).toContain('expected');
    expect(refusalDetail('')).toContain('expected');
  });
});
