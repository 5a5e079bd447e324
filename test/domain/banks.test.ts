import { describe, expect, it } from 'vitest';
import { BANKS, bankByBin } from '../../src/domain/banks.ts';

describe('bank BIN table', () => {
  /** The BINs the domain notes pin; a wrong one would send a donor's transfer to another bank. */
  it.each([
    ['Vietcombank', '970436'],
    ['VietinBank', '970415'],
    ['BIDV', '970418'],
    ['Agribank', '970405'],
    ['MB', '970422'],
    ['Techcombank', '970407'],
    ['ACB', '970416'],
    ['Sacombank', '970403'],
    ['VPBank', '970432'],
    ['TPBank', '970423'],
  ])('%s has BIN %s', (shortName, bin) => {
    expect(BANKS.filter((bank) => bank.shortName === shortName).map((bank) => bank.bin)).toEqual([bin]);
    expect(bankByBin(bin)?.shortName).toBe(shortName);
  });

  it('names the big four state-owned banks in full', () => {
    expect(bankByBin('970436')?.fullName).toBe('Ngân hàng TMCP Ngoại thương Việt Nam');
    expect(bankByBin('970415')?.fullName).toBe('Ngân hàng TMCP Công thương Việt Nam');
    expect(bankByBin('970418')?.fullName).toBe('Ngân hàng TMCP Đầu tư và Phát triển Việt Nam');
    expect(bankByBin('970405')?.fullName).toBe('Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam');
  });

  it('has unique 6-digit BINs', () => {
    for (const bank of BANKS) expect(bank.bin).toMatch(/^[0-9]{6}$/);
    expect(new Set(BANKS.map((bank) => bank.bin)).size).toBe(BANKS.length);
  });

  it('has unique short names and a full Vietnamese name for every bank', () => {
    expect(new Set(BANKS.map((bank) => bank.shortName.toLowerCase())).size).toBe(BANKS.length);
    for (const bank of BANKS) {
      expect(bank.shortName.trim()).toBe(bank.shortName);
      expect(bank.shortName.length).toBeGreaterThan(0);
      expect(bank.fullName).toMatch(/^Ngân hàng /);
      expect(bank.fullName.trim()).toBe(bank.fullName);
    }
  });

  it('lists only NAPAS domestic BINs (970xxx)', () => {
    for (const bank of BANKS) expect(bank.bin.startsWith('970')).toBe(true);
  });

  it('finds nothing for a BIN it does not list', () => {
    expect(bankByBin('970499')).toBeNull();
    expect(bankByBin('')).toBeNull();
    expect(bankByBin(' 970436')).toBeNull();
  });
});
