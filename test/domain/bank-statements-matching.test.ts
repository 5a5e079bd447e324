import { describe, expect, it } from 'vitest';
import {
  donorNameFromMemo,
  type MatchableLine,
  type MatchCandidate,
  matchStatementLine,
  matchStatementLines,
} from '../../src/domain/bank-statements/matching.ts';
import { memoNameSimilarity, tokenDice } from '../../src/domain/bank-statements/memo.ts';

function credit(
  amountMinor: bigint,
  description: string,
  date = '2024-09-10',
  reference: string | null = null,
): MatchableLine {
  return { date, reference, debitMinor: 0n, creditMinor: amountMinor, description };
}

function gift(id: string, amountMinor: bigint, fields: Partial<MatchCandidate> = {}): MatchCandidate {
  return {
    kind: 'donation',
    id,
    amountMinor,
    date: '2024-09-10',
    bankRef: null,
    paymentCode: null,
    donorName: null,
    ...fields,
  };
}

describe('donorNameFromMemo', () => {
  it.each([
    ['1261122666 TRAN QUANG HUY Chuyen tien', 'TRAN QUANG HUY'],
    ['NGUYEN VAN A CHUYEN TIEN UNG HO', 'NGUYEN VAN A'],
    ['NGUYEN THI ANH ung ho dong bao bao lu thien tai .', 'NGUYEN THI ANH'],
    ['MB(603651)(HOANG VU NGOC ANH chuyen tien)', 'HOANG VU NGOC ANH'],
    [
      '0501000016xxx TKThe :0501000016xxx tai VCB. MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho chia se kho khan',
      'TANG THI BICH NGOC',
    ],
    [
      'MBVCB.6989633248.058599.ung ho cac tinh bi bao lu 2024.CT tu 0181003362369 DO MAI LAN toi 1500201113838 uy Ban Mat Tran',
      'DO MAI LAN',
    ],
    [
      '3009199068xxx TKThe :3009199068xxx tai Agribank. BIDV;1261122666;DAO NGOC NGA chuyen tien -CTLNHIDI000009813674258-1/1-CRE-002',
      'DAO NGOC NGA',
    ],
    [
      'TKThe :0342071888 tai MSCBVNVX. NGUYEN VAN CONG ung ho dong bao thien tai - B2B020097042209102204212024JBZU61874 9',
      'NGUYEN VAN CONG',
    ],
    ['Nguyễn Văn Ấn chuyển tiền ủng hộ MTTQ', null],
    ['NGUYỄN VĂN ẤN CHUYỂN TIỀN ỦNG HỘ MTTQ', 'NGUYEN VAN AN'],
    ['HOANG MINH CHAU chuyen khoan ung ho cac tinh bi bao lu FT24254020030567', 'HOANG MINH CHAU'],
  ])('reads the donor of %j', (memo, expected) => {
    expect(donorNameFromMemo(memo)).toBe(expected);
  });

  it.each([
    'Ung ho cac tinh bi bao lu FT24254836921863',
    'UNG HO CAC TINH BI BAO LU',
    '0918382795 ho tro bao Yagi',
    'TKThe :985698248 tai VIB. Tuyet Minh ung ho khac phuc hau qua bao yagi -CTLNHIDI000009811379761-11-CRE-002',
    '1261122666 ANH VU chuyen tien cuu tro nhan dan mien Bac lu lut',
    'DANG MINH DUY VI HUU TOAN UNG HO KHAC PHUC BAO YAGI',
    'HANG HOI UNG HO KHAC PHUC BAO SO 3 YAGI',
    '1261122666 Nam mo a di da phat',
    '',
  ])('is unsure (null) about %j', (memo) => {
    expect(donorNameFromMemo(memo)).toBeNull();
  });
});

describe('name similarity', () => {
  it('is the token Dice coefficient, or 1 when the full name stands in the memo', () => {
    expect(tokenDice(['NGUYEN', 'THI', 'HONG'], ['NGUYEN', 'THI', 'HUONG'])).toBeCloseTo(2 / 3);
    expect(tokenDice(['A', 'A'], ['A'])).toBeCloseTo(2 / 3);
    expect(memoNameSimilarity('1261122666 TRAN QUANG HUY Chuyen tien', 'Trần Quang Huy')).toBe(1);
    expect(memoNameSimilarity('Lo Thi Van ung ho khac phuc bao yagi', 'Lò Thị Vân')).toBe(1);
    expect(memoNameSimilarity('NGUYEN THI HONG chuyen tien', 'Nguyễn Thị Hương')).toBeCloseTo(2 / 3);
    expect(memoNameSimilarity('TRAN VAN AN chuyen tien', 'Lan')).toBe(0);
    expect(memoNameSimilarity('chuyen tien', 'Phạm Văn Đức', 'PHAM VAN DUC')).toBe(1);
  });
});

describe('matchStatementLine', () => {
  it('matches by the payment code in the memo, however it is spaced', () => {
    const candidates = [
      gift('a', 500_000n, { paymentCode: 'YAGI000123' }),
      gift('b', 500_000n, { paymentCode: 'VNN D000045' }),
      gift('c', 500_000n, { paymentCode: 'YAGI000124' }),
    ];
    for (const memo of [
      'NGUYEN VAN A UNG HO YAGI000123',
      'ung ho yagi 000123',
      'YAGI-123 ung ho',
      'MBVCB.1.2.YAGI000123.CT tu',
    ]) {
      expect(matchStatementLine(credit(500_000n, memo), candidates), memo).toMatchObject({
        status: 'matched',
        rule: 'payment-code',
        candidateId: 'a',
      });
    }
    expect(matchStatementLine(credit(500_000n, 'VNN D000045'), candidates).candidateId).toBe('b');
    expect(matchStatementLine(credit(500_000n, 'VNND45 ung ho'), candidates).candidateId).toBe('b');
    expect(matchStatementLine(credit(500_000n, 'YAGI0001234'), candidates).status).toBe('unmatched');
    expect(matchStatementLine(credit(500_000n, 'BAOYAGI000124'), candidates).candidateId).toBe('c');
  });

  it('only suggests a payment-code record whose amount differs', () => {
    const result = matchStatementLine(credit(300_000n, 'YAGI000123'), [
      gift('a', 500_000n, { paymentCode: 'YAGI000123' }),
    ]);
    expect(result).toMatchObject({ status: 'suggested', rule: 'payment-code', candidateId: 'a' });
    expect(result.detail).toContain('amounts differ');
  });

  it('matches by bank reference, in the reference column or as a word of the memo, with the same amount', () => {
    const candidates = [gift('r', 195_000n, { bankRef: 'FT24263096031760' })];
    expect(
      matchStatementLine(credit(195_000n, 'chuyen tien', '2024-09-19', 'ft24263096031760'), candidates),
    ).toMatchObject({
      status: 'matched',
      rule: 'bank-reference',
      candidateId: 'r',
    });
    const memo = 'LE THI KIM NGAN chuyen tien FT24263096031760 -CTLNHIDI000009915365211-1/1-CRE-002';
    expect(matchStatementLine(credit(195_000n, memo), candidates).status).toBe('matched');
    expect(matchStatementLine(credit(195_001n, memo), candidates).status).toBe('unmatched');
    const short = [gift('s', 195_000n, { bankRef: '1234' })];
    expect(matchStatementLine(credit(195_000n, 'ref 1234'), short).status).toBe('unmatched');
    expect(matchStatementLine(credit(195_000n, 'x', '2024-09-19', '1234'), short).status).toBe('matched');
  });

  it('suggests a same-amount record of the date window whose donor the memo names', () => {
    const memo = '1261122666 NGUYEN THI XUAN HUONG Chuyen tien ung ho bao so 3';
    const candidates = [
      gift('far', 500_000n, { donorName: 'Nguyễn Thị Xuân Hương', date: '2024-09-14' }),
      gift('near', 500_000n, { donorName: 'Nguyễn Thị Xuân Hương', date: '2024-09-08' }),
      gift('namesake', 500_000n, { donorName: 'Nguyễn Thị Xuân Hoa', date: '2024-09-10' }),
      gift('other-amount', 400_000n, { donorName: 'Nguyễn Thị Xuân Hương' }),
    ];
    expect(matchStatementLine(credit(500_000n, memo), candidates)).toMatchObject({
      status: 'suggested',
      rule: 'amount-date-name',
      candidateId: 'near',
      score: 1,
    });
    expect(matchStatementLine(credit(500_000n, memo), candidates).detail).toBe(
      'same amount, 2 day(s) apart, the memo names the donor',
    );
    expect(matchStatementLine(credit(500_000n, memo), [candidates[0]!, candidates[2]!]).status).toBe(
      'unmatched',
    );
    const twin = gift('twin', 500_000n, { donorName: 'NGUYEN THI XUAN HUONG', date: '2024-09-11' });
    expect(matchStatementLine(credit(500_000n, memo), [candidates[1]!, twin])).toMatchObject({
      candidateId: 'twin',
      detail: 'same amount, 1 day(s) apart, the memo names the donor; 1 other record(s) fit as well',
    });
    expect(
      matchStatementLine(credit(500_000n, memo), [candidates[0]!], { dateWindowDays: 4 }).candidateId,
    ).toBe('far');
  });

  it('pairs credits with donations and debits with disbursements only', () => {
    const payment: MatchCandidate = {
      ...gift('p', 1_500_000n, { bankRef: 'FT24259000000001' }),
      kind: 'disbursement',
    };
    const debit: MatchableLine = {
      date: '2024-09-15',
      reference: 'FT24259000000001',
      debitMinor: 1_500_000n,
      creditMinor: 0n,
      description: 'Chi ho tro',
    };
    expect(matchStatementLine(debit, [payment]).status).toBe('matched');
    expect(
      matchStatementLine(credit(1_500_000n, 'x', '2024-09-15', 'FT24259000000001'), [payment]).status,
    ).toBe('unmatched');
    expect(matchStatementLine(debit, [{ ...payment, kind: 'donation' }]).status).toBe('unmatched');
  });
});

describe('matchStatementLines', () => {
  it('gives each record to one line, and certain matches before guesses', () => {
    const lines = [
      credit(200_000n, '1261122666 LE VAN BINH Chuyen tien'),
      credit(200_000n, '1261122666 LE VAN BINH Chuyen tien'),
      credit(200_000n, 'LE VAN BINH ung ho FT24254000000009'),
    ];
    const candidates = [
      gift('first', 200_000n, { donorName: 'Lê Văn Bình' }),
      gift('by-ref', 200_000n, { donorName: 'Lê Văn Bình', bankRef: 'FT24254000000009' }),
    ];
    expect(
      matchStatementLines(lines, candidates).map((result) => [result.status, result.candidateId]),
    ).toEqual([
      ['suggested', 'first'],
      ['unmatched', null],
      ['matched', 'by-ref'],
    ]);
  });
});
