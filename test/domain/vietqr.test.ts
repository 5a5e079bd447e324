import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANKS } from '../../src/domain/banks.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  BANK_ACCOUNT_NUMBER_LENGTH_MAX,
  VIETQR_AMOUNT_VND_MAX,
  VIETQR_MEMO_LENGTH_MAX,
  VIETQR_PAYLOAD_LENGTH_MAX,
} from '../../src/domain/limits.ts';
import {
  buildVietQrPayload,
  crc16CcittFalse,
  hasValidCrc,
  parseTlv,
  paymentCode,
  type TlvField,
  type VietQrRequest,
} from '../../src/domain/vietqr.ts';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

/** The names of the fields a validation failure blames. */
function blamedFields(run: () => unknown): string[] {
  const error = refusal(run);
  expect(error.code).toBe('validation-failed');
  return error.fieldErrors.map((fieldError) => fieldError.field);
}

/** The field at a dotted path of ids ("38.01.00"), found by walking the decoded children. */
function fieldAt(fields: TlvField[], path: string): TlvField | undefined {
  const [id, ...rest] = path.split('.');
  const field = fields.find((candidate) => candidate.id === id);
  if (!field || rest.length === 0) return field;
  return fieldAt(field.children ?? [], rest.join('.'));
}

function valueAt(payload: string, path: string): string | undefined {
  return fieldAt(parseTlv(payload), path)?.value;
}

function ids(fields: TlvField[]): string[] {
  return fields.map((field) => field.id);
}

/** Recomputes the CRC the way a scanning app does: over everything up to and including "6304". */
function expectCrcChecks(payload: string): void {
  expect(payload.slice(-8, -4)).toBe('6304');
  expect(payload.slice(-4)).toMatch(/^[0-9A-F]{4}$/);
  expect(crc16CcittFalse(payload.slice(0, -4))).toBe(payload.slice(-4));
  expect(hasValidCrc(payload)).toBe(true);
}

const VCB: VietQrRequest = { bin: '970436', accountNumber: '0011001234567' };

describe('crc16CcittFalse', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('starts from 0xFFFF and always gives four upper-case hex digits', () => {
    expect(crc16CcittFalse('')).toBe('FFFF');
    expect(crc16CcittFalse('A')).toBe('B915');
    for (const text of ['', 'A', '000201', 'xyz', '6304'])
      expect(crc16CcittFalse(text)).toMatch(/^[0-9A-F]{4}$/);
  });

  it('changes when any one character changes', () => {
    const base = '00020101021138570010A00000072701270006970436';
    const crc = crc16CcittFalse(base);
    for (let index = 0; index < base.length; index += 1) {
      const flipped = `${base.slice(0, index)}${base[index] === '9' ? '8' : '9'}${base.slice(index + 1)}`;
      expect(crc16CcittFalse(flipped)).not.toBe(crc);
    }
  });
});

describe('buildVietQrPayload', () => {
  it('builds a static QR (11) with no amount and no memo, field by field', () => {
    const payload = buildVietQrPayload(VCB);
    const fields = parseTlv(payload);
    expect(ids(fields)).toEqual(['00', '01', '38', '53', '58', '63']);
    expect(valueAt(payload, '00')).toBe('01');
    expect(valueAt(payload, '01')).toBe('11');
    expect(ids(fieldAt(fields, '38')!.children!)).toEqual(['00', '01', '02']);
    expect(valueAt(payload, '38.00')).toBe('A000000727');
    expect(ids(fieldAt(fields, '38.01')!.children!)).toEqual(['00', '01']);
    expect(valueAt(payload, '38.01.00')).toBe('970436');
    expect(valueAt(payload, '38.01.01')).toBe('0011001234567');
    expect(valueAt(payload, '38.02')).toBe('QRIBFTTA');
    expect(valueAt(payload, '53')).toBe('704');
    expect(valueAt(payload, '58')).toBe('VN');
    expectCrcChecks(payload);
  });

  it('builds a dynamic QR (12) when an amount is given, with the amount as plain VND digits', () => {
    const payload = buildVietQrPayload({ ...VCB, amountVnd: 1_500_000n, memo: 'VNN D000123' });
    const fields = parseTlv(payload);
    expect(ids(fields)).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(valueAt(payload, '01')).toBe('12');
    expect(valueAt(payload, '54')).toBe('1500000');
    expect(ids(fieldAt(fields, '62')!.children!)).toEqual(['08']);
    expect(valueAt(payload, '62.08')).toBe('VNN D000123');
    expectCrcChecks(payload);
  });

  it('keeps a static QR static when only a memo is given', () => {
    const payload = buildVietQrPayload({ ...VCB, memo: 'UNG HO LAI CHAU' });
    expect(valueAt(payload, '01')).toBe('11');
    expect(valueAt(payload, '54')).toBeUndefined();
    expect(valueAt(payload, '62.08')).toBe('UNG HO LAI CHAU');
    expectCrcChecks(payload);
  });

  it('writes each length as two decimal digits', () => {
    const payload = buildVietQrPayload({ ...VCB, amountVnd: 850_000n, memo: 'HP T9 Nguyen Van A' });
    expect(payload).toContain('38570010A00000072701270006970436011300110012345670208QRIBFTTA');
    expect(payload).toContain('5406850000');
    expect(payload).toContain('62220818HP T9 Nguyen Van A');
  });

  /**
   * Payloads published by others, their CRCs computed by their own code. The first was issued by a payment
   * gateway (PayOS) for a real MB virtual account; the others come from open-source VietQR libraries.
   */
  it.each([
    [
      { bin: '970422', accountNumber: 'VQRQABRLS0448', amountVnd: 2_000n, memo: '18f8746b181045f0a2ce' },
      '00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN6224082018f8746b181045f0a2ce63040FC0',
    ],
    [
      { bin: '970416', accountNumber: '257678859', amountVnd: 1_000n, memo: 'Chuyen tien' },
      '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8',
    ],
    [
      { bin: '970436', accountNumber: '0011001234567', amountVnd: 850_000n, memo: 'HP T9 Nguyen Van A' },
      '00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA530370454068500005802VN62220818HP T9 Nguyen Van A63041DD5',
    ],
  ])('reproduces a payload published elsewhere byte for byte (%o)', (request, expected) => {
    expect(buildVietQrPayload(request)).toBe(expected);
  });

  it('accepts the limits exactly', () => {
    const payload = buildVietQrPayload({
      bin: '970423',
      accountNumber: '9'.repeat(BANK_ACCOUNT_NUMBER_LENGTH_MAX),
      amountVnd: VIETQR_AMOUNT_VND_MAX,
      memo: `${'~'.repeat(VIETQR_MEMO_LENGTH_MAX - 1)} `,
    });
    expect(valueAt(payload, '38.01.01')).toBe('9999999999999999999');
    expect(valueAt(payload, '54')).toBe('9999999999999');
    expect(valueAt(payload, '62.08')).toHaveLength(VIETQR_MEMO_LENGTH_MAX);
    expect(buildVietQrPayload({ ...VCB, amountVnd: 1n, accountNumber: 'A' })).toContain('54011');
    expectCrcChecks(payload);
  });

  it('fits the amount limit to the 13 characters EMVCo allows in field 54', () => {
    expect(VIETQR_AMOUNT_VND_MAX.toString()).toHaveLength(13);
  });

  it.each([
    ['5 digits', '97043'],
    ['7 digits', '9704360'],
    ['letters', '97043A'],
    ['spaces', ' 970436'],
    ['full-width digits', '９７０４３６'],
    ['empty', ''],
    ['a 6-digit BIN no bank in the table has', '970499'],
    ['a card BIN, not a NAPAS BIN', '123456'],
  ])('refuses a BIN that is %s', (_label, bin) => {
    expect(blamedFields(() => buildVietQrPayload({ ...VCB, bin }))).toEqual(['bin']);
  });

  it.each([
    ['empty', ''],
    ['20 characters', '1'.repeat(BANK_ACCOUNT_NUMBER_LENGTH_MAX + 1)],
    ['a space', '0011 001234567'],
    ['a dash', '0011-001234567'],
    ['a dot', '0011.001234567'],
    ['Vietnamese letters', 'Đ0011001234567'],
    ['Arabic-Indic digits', '١٢٣'],
    ['a newline', '0011001234567\n'],
  ])('refuses an account number with %s', (_label, accountNumber) => {
    expect(blamedFields(() => buildVietQrPayload({ ...VCB, accountNumber }))).toEqual(['accountNumber']);
  });

  it.each([
    ['zero', 0n],
    ['negative', -1n],
    ['above the limit', VIETQR_AMOUNT_VND_MAX + 1n],
    ['10^13 (14 characters)', 10n ** 13n],
    ['10^15', 10n ** 15n],
  ])('refuses an amount that is %s', (_label, amountVnd) => {
    expect(blamedFields(() => buildVietQrPayload({ ...VCB, amountVnd }))).toEqual(['amountVnd']);
  });

  it('refuses an amount given as a JS number rather than a bigint', () => {
    const amountVnd = 1000 as unknown as bigint;
    expect(blamedFields(() => buildVietQrPayload({ ...VCB, amountVnd }))).toEqual(['amountVnd']);
  });

  it.each([
    ['empty', ''],
    ['26 characters', 'A'.repeat(VIETQR_MEMO_LENGTH_MAX + 1)],
    ['Vietnamese diacritics', 'Ung hộ Lai Chau'],
    ['đ', 'dong gop đ'],
    ['a newline', 'UNG HO\nLAI CHAU'],
    ['a tab', 'UNG HO\tLAI CHAU'],
    ['DEL', 'UNG HO\u007f'],
    ['an emoji', 'UNG HO ❤'],
    ['a non-breaking space', 'UNG\u00a0HO'],
  ])('refuses a memo with %s', (_label, memo) => {
    expect(blamedFields(() => buildVietQrPayload({ ...VCB, memo }))).toEqual(['memo']);
  });

  it('names every bad field at once', () => {
    const request = { bin: '97043', accountNumber: '', amountVnd: 0n, memo: 'Ủng hộ' };
    expect(blamedFields(() => buildVietQrPayload(request))).toEqual([
      'bin',
      'accountNumber',
      'amountVnd',
      'memo',
    ]);
  });

  it('builds a payload that decodes back to its request for any valid request', () => {
    const request = fc.record(
      {
        bin: fc.constantFrom(...BANKS.map((bank) => bank.bin)),
        accountNumber: fc.stringMatching(/^[0-9A-Za-z]{1,19}$/),
        amountVnd: fc.bigInt({ min: 1n, max: VIETQR_AMOUNT_VND_MAX }),
        memo: fc.stringMatching(/^[\x20-\x7E]{1,25}$/),
      },
      { requiredKeys: ['bin', 'accountNumber'] },
    );
    fc.assert(
      fc.property(request, (input) => {
        const payload = buildVietQrPayload(input);
        expectCrcChecks(payload);
        expect(valueAt(payload, '01')).toBe(input.amountVnd === undefined ? '11' : '12');
        expect(valueAt(payload, '38.01.00')).toBe(input.bin);
        expect(valueAt(payload, '38.01.01')).toBe(input.accountNumber);
        expect(valueAt(payload, '54')).toBe(input.amountVnd?.toString());
        expect(valueAt(payload, '62.08')).toBe(input.memo);
        expect(ids(parseTlv(payload)).at(-1)).toBe('63');
      }),
      { seed: 970436, numRuns: 500 },
    );
  });
});

describe('hasValidCrc', () => {
  const payload = buildVietQrPayload({ ...VCB, amountVnd: 50_000n, memo: 'VNN D000001' });

  it('accepts an untouched payload', () => {
    expect(hasValidCrc(payload)).toBe(true);
  });

  it('refuses a payload with one character changed anywhere, the amount included', () => {
    for (let index = 0; index < payload.length; index += 1) {
      const character = payload[index] === '0' ? '1' : '0';
      expect(hasValidCrc(`${payload.slice(0, index)}${character}${payload.slice(index + 1)}`)).toBe(false);
    }
  });

  it('refuses text without a CRC field, or with a lower-case one', () => {
    expect(hasValidCrc('')).toBe(false);
    expect(hasValidCrc(payload.slice(0, -8))).toBe(false);
    expect(hasValidCrc('123456789')).toBe(false);
    const body = `00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304`;
    const crc = crc16CcittFalse(body);
    expect(crc).toMatch(/[A-F]/);
    expect(hasValidCrc(body + crc)).toBe(true);
    expect(hasValidCrc(body + crc.toLowerCase())).toBe(false);
  });
});

describe('parseTlv', () => {
  it('decodes templates (26–51, 62, 64, 80–99) and the beneficiary inside a merchant account', () => {
    const leaf = (id: string, value: string): TlvField => ({ id, value, children: null });
    const text = '000201' + '2605' + '00011' + '38190001X01100001Y0101Z' + '5204ABCD' + '6205' + '0801Q';
    const fields = parseTlv(`${text}6405000118005000116304ABCD`);
    expect(fields).toEqual([
      leaf('00', '01'),
      { id: '26', value: '00011', children: [leaf('00', '1')] },
      {
        id: '38',
        value: '0001X01100001Y0101Z',
        children: [
          leaf('00', 'X'),
          { id: '01', value: '0001Y0101Z', children: [leaf('00', 'Y'), leaf('01', 'Z')] },
        ],
      },
      leaf('52', 'ABCD'),
      { id: '62', value: '0801Q', children: [leaf('08', 'Q')] },
      { id: '64', value: '00011', children: [leaf('00', '1')] },
      { id: '80', value: '00011', children: [leaf('00', '1')] },
      leaf('63', 'ABCD'),
    ]);
  });

  it('leaves non-template values alone even when they look like TLV', () => {
    const fields = parseTlv('5406000100');
    expect(fields).toEqual([{ id: '54', value: '000100', children: null }]);
  });

  it('reads up to the EMVCo payload limit and refuses well-formed text one character longer', () => {
    const field = (id: string, length: number) => `${id}${length}${'X'.repeat(length)}`;
    const full = field('59', 99).repeat(4) + field('60', 96);
    expect(full).toHaveLength(VIETQR_PAYLOAD_LENGTH_MAX);
    expect(parseTlv(full)).toHaveLength(5);
    const over = field('59', 99).repeat(4) + field('60', 97);
    expect(blamedFields(() => parseTlv(over))).toEqual(['payload']);
  });

  it('decodes an empty text as no fields', () => {
    expect(parseTlv('')).toEqual([]);
  });

  it.each([
    ['a truncated value', '000201015'],
    ['a truncated header', '00020'],
    ['a length of zero', '0000'],
    ['a non-digit id', 'A00201'],
    ['a non-digit length', '00A201'],
    ['a malformed template', '3805XXXXX'],
    ['a malformed beneficiary', '38080104XXXX'],
    ['a cut payload', buildVietQrPayload(VCB).slice(0, -1)],
  ])('refuses %s, blaming the payload', (_label, text) => {
    expect(blamedFields(() => parseTlv(text))).toEqual(['payload']);
  });
});

describe('paymentCode', () => {
  it('pads the sequence to six digits after the prefix', () => {
    expect(paymentCode('VNN D', 123)).toBe('VNN D000123');
    expect(paymentCode('VNN D', 0)).toBe('VNN D000000');
    expect(paymentCode('LC', 999_999)).toBe('LC999999');
    expect(paymentCode('LC', 1_000_000)).toBe('LC1000000');
  });

  it('makes codes that fit a VietQR memo', () => {
    const code = paymentCode('QUY LAI CHAU D', 42);
    expect(code).toBe('QUY LAI CHAU D000042');
    expect(valueAt(buildVietQrPayload({ ...VCB, memo: code }), '62.08')).toBe(code);
  });

  it('accepts a code of exactly the memo limit and refuses one character more', () => {
    const prefix = 'A'.repeat(VIETQR_MEMO_LENGTH_MAX - 6);
    expect(paymentCode(prefix, 1)).toHaveLength(VIETQR_MEMO_LENGTH_MAX);
    expect(blamedFields(() => paymentCode(`${prefix}B`, 1))).toEqual(['prefix']);
    expect(blamedFields(() => paymentCode(prefix, 1_000_000))).toEqual(['prefix']);
  });

  it.each([
    ['empty', ''],
    ['lower-case', 'vnn d'],
    ['a trailing digit, which would run into the sequence', 'D1'],
    ['a trailing space', 'VNN '],
    ['a leading space', ' VNN'],
    ['two spaces', 'VNN  D'],
    ['punctuation', 'VNN-D'],
    ['Vietnamese letters', 'ĐN'],
  ])('refuses a prefix that is %s', (_label, prefix) => {
    expect(blamedFields(() => paymentCode(prefix, 1))).toEqual(['prefix']);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['beyond safe integers', 2 ** 53],
  ])('refuses a sequence that is %s', (_label, sequence) => {
    expect(blamedFields(() => paymentCode('VNN D', sequence))).toEqual(['sequence']);
  });

  it('gives different codes for different sequences under one prefix', () => {
    const codes = new Set(Array.from({ length: 2_000 }, (_, index) => paymentCode('VNN D', index * 997)));
    expect(codes.size).toBe(2_000);
  });
});
