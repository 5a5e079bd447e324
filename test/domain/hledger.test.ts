import { describe, expect, it } from 'vitest';
import {
  accountNameComponent,
  accountNames,
  descriptionText,
  fundLabels,
  type HledgerAccount,
  hledgerAccountType,
  hledgerAmount,
  journalPreamble,
  transactionText,
} from '../../src/domain/hledger.ts';

const FUND = '0190a000-0000-7000-8000-000000000001';
const OTHER_FUND = '0190a000-0000-7000-8000-000000000002';
const UNIT = '0190a000-0000-7000-8000-0000000000aa';

const cash: HledgerAccount = {
  id: 'acc-cash',
  fundId: FUND,
  unitCode: 'LCH',
  code: '111',
  name: 'Tiền mặt (cash on hand)',
  type: 'asset',
  currency: 'VND',
};
const revenue: HledgerAccount = {
  ...cash,
  id: 'acc-revenue',
  code: '511',
  name: 'Thu ủng hộ, đóng góp (donations received)',
  type: 'revenue',
};
const bankUsd: HledgerAccount = {
  ...cash,
  id: 'acc-bank-usd',
  code: '112-USD',
  name: 'Tiền gửi ngân hàng',
  currency: 'USD',
};
const revenueUsd: HledgerAccount = { ...revenue, id: 'acc-revenue-usd', code: '511-USD', currency: 'USD' };

describe('hledger names', () => {
  it('keeps a component on one line, without separators, comments or double spaces', () => {
    expect(accountNameComponent('Quỹ "Vì người nghèo": tỉnh  Lai Châu; 2024')).toBe(
      'Quỹ "Vì người nghèo"- tỉnh Lai Châu, 2024',
    );
    expect(accountNameComponent('  a\tb\nc\u00a0\u00a0d\u3000e  ')).toBe('a b c d e');
    expect(accountNameComponent(' \t ')).toBe('_');
    expect(descriptionText('Ủng hộ; đợt 2\n  (bão Yagi)')).toBe('Ủng hộ, đợt 2 (bão Yagi)');
    expect(descriptionText('*  ')).toBe('*');
  });

  it('labels funds by name, adding the id only where two funds of one unit would share a label', () => {
    const labels = fundLabels([
      { id: FUND, unitId: UNIT, name: 'Quỹ: A' },
      { id: OTHER_FUND, unitId: UNIT, name: 'Quỹ- A' },
      { id: 'f3', unitId: UNIT, name: 'Quỹ B' },
      { id: 'f4', unitId: 'another unit', name: 'Quỹ B' },
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      [FUND]: `Quỹ- A (${FUND})`,
      [OTHER_FUND]: `Quỹ- A (${OTHER_FUND})`,
      f3: 'Quỹ B',
      f4: 'Quỹ B',
    });
  });

  it('builds <unit code>:<fund>:<code> <name> paths, unique even when codes clash once made safe', () => {
    const labels = new Map([[FUND, 'Quỹ Vì người nghèo']]);
    const clash = [
      { ...cash, id: 'x1', code: 'a:b', name: 'n' },
      { ...cash, id: 'x2', code: 'a-b', name: 'n' },
    ];
    expect(Object.fromEntries(accountNames([cash, ...clash], labels))).toEqual({
      'acc-cash': 'LCH:Quỹ Vì người nghèo:111 Tiền mặt (cash on hand)',
      x1: 'LCH:Quỹ Vì người nghèo:a-b n (x1)',
      x2: 'LCH:Quỹ Vì người nghèo:a-b n (x2)',
    });
    expect(accountNames([{ ...cash, unitCode: '(X' }], labels).get('acc-cash')).toBe(
      '_(X:Quỹ Vì người nghèo:111 Tiền mặt (cash on hand)',
    );
  });

  it('maps account types to hledger types', () => {
    expect(
      (['asset', 'liability', 'net_assets', 'revenue', 'expense'] as const).map(hledgerAccountType),
    ).toEqual(['A', 'L', 'E', 'R', 'X']);
  });
});

describe('hledger amounts', () => {
  it('writes exact decimals in the currency scale with the code after, sign first', () => {
    expect(hledgerAmount(1_000_000n, 'VND')).toBe('1000000 VND');
    expect(hledgerAmount(-1_000_000_000_000_000n, 'VND')).toBe('-1000000000000000 VND');
    expect(hledgerAmount(1250n, 'USD')).toBe('12.50 USD');
    expect(hledgerAmount(-5n, 'USD')).toBe('-0.05 USD');
    expect(hledgerAmount(0n, 'EUR')).toBe('0.00 EUR');
    expect(hledgerAmount(999_999_999_999_999_999n, 'USD')).toBe('9999999999999999.99 USD');
    expect(hledgerAmount(7n, 'JPY')).toBe('7 JPY');
  });
});

describe('hledger journal text', () => {
  const labels = new Map([[FUND, 'Quỹ Vì người nghèo']]);
  const accounts = [revenueUsd, cash, revenue, bankUsd];
  const names = accountNames(accounts, labels);

  it('opens with comments, decimal-mark, commodity formats and typed account directives', () => {
    expect(journalPreamble(['Sổ Quỹ export', 'scope:\nevery fund'], accounts, names)).toBe(
      [
        '; Sổ Quỹ export',
        '; scope: every fund',
        '',
        'decimal-mark .',
        '',
        'commodity 1000.00 USD',
        'commodity 1000. VND',
        '',
        'account LCH:Quỹ Vì người nghèo:111 Tiền mặt (cash on hand)  ; type: A',
        'account LCH:Quỹ Vì người nghèo:112-USD Tiền gửi ngân hàng  ; type: A',
        'account LCH:Quỹ Vì người nghèo:511 Thu ủng hộ, đóng góp (donations received)  ; type: R',
        'account LCH:Quỹ Vì người nghèo:511-USD Thu ủng hộ, đóng góp (donations received)  ; type: R',
        '',
        '',
      ].join('\n'),
    );
    expect(journalPreamble(['empty'], [], new Map())).toBe('; empty\n\ndecimal-mark .\n\n');
  });

  it('writes one transaction per entry: code, safe description, tags, explicit signed amounts', () => {
    const text = transactionText(
      {
        id: 'e-2',
        seq: 42,
        date: '2024-09-13',
        description: '*Đảo bút toán; nhầm số\n',
        kind: 'reversal',
        reversesEntryId: 'e-1',
        postings: [
          { accountId: 'acc-cash', side: 'credit', amountMinor: 1_000_000n, currency: 'VND' },
          { accountId: 'acc-revenue', side: 'debit', amountMinor: 1_000_000n, currency: 'VND' },
          { accountId: 'acc-bank-usd', side: 'debit', amountMinor: 1250n, currency: 'USD' },
          { accountId: 'acc-revenue-usd', side: 'credit', amountMinor: 1250n, currency: 'USD' },
        ],
      },
      names,
    );
    expect(text).toBe(
      [
        '2024-09-13 (42) *Đảo bút toán, nhầm số  ; entry:e-2, seq:42, kind:reversal, reverses:e-1',
        '    LCH:Quỹ Vì người nghèo:111 Tiền mặt (cash on hand)  -1000000 VND',
        '    LCH:Quỹ Vì người nghèo:511 Thu ủng hộ, đóng góp (donations received)  1000000 VND',
        '    LCH:Quỹ Vì người nghèo:112-USD Tiền gửi ngân hàng  12.50 USD',
        '    LCH:Quỹ Vì người nghèo:511-USD Thu ủng hộ, đóng góp (donations received)  -12.50 USD',
        '',
        '',
      ].join('\n'),
    );
  });

  it('omits the reverses tag on an ordinary entry and refuses a posting to an account not exported', () => {
    const entry = {
      id: 'e-1',
      seq: 1,
      date: '2024-09-12',
      description: 'Ủng hộ',
      kind: 'donation' as const,
      reversesEntryId: null,
      postings: [
        { accountId: 'acc-cash', side: 'debit' as const, amountMinor: 5n, currency: 'VND' as const },
      ],
    };
    expect(transactionText(entry, names).split('\n')[0]).toBe(
      '2024-09-12 (1) Ủng hộ  ; entry:e-1, seq:1, kind:donation',
    );
    expect(() =>
      transactionText({ ...entry, postings: [{ ...entry.postings[0]!, accountId: 'elsewhere' }] }, names),
    ).toThrow(/elsewhere/);
  });
});
