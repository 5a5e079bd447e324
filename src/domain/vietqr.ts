import { bankByBin } from './banks.ts';
import { DomainError, type FieldError } from './errors.ts';
import {
  BANK_ACCOUNT_NUMBER_LENGTH_MAX,
  PAYMENT_CODE_SEQUENCE_DIGITS_MIN,
  VIETQR_AMOUNT_VND_MAX,
  VIETQR_MEMO_LENGTH_MAX,
  VIETQR_PAYLOAD_LENGTH_MAX,
} from './limits.ts';

/**
 * VietQR payloads (NAPAS on EMVCo merchant-presented QR): fields `ID(2) LEN(2, decimal) VALUE`, templates
 * nest. Everything we put in a payload is printable ASCII, so character counts and byte counts agree.
 */

export interface VietQrRequest {
  bin: string;
  accountNumber: string;
  /** Absent for a static QR: the donor types the amount. */
  amountVnd?: bigint;
  /** Transfer memo, usually a payment code, so the bank statement line can be matched back to the pledge. */
  memo?: string;
}

export interface TlvField {
  id: string;
  value: string;
  /** Decoded sub-fields when the field is a template, otherwise null. */
  children: TlvField[] | null;
}

/** NAPAS's globally unique identifier and service code for transfers to an account (field 38). */
const NAPAS_GUID = 'A000000727';
const SERVICE_TO_ACCOUNT = 'QRIBFTTA';
const CURRENCY_VND = '704';
const COUNTRY_VN = 'VN';
const INITIATION_STATIC = '11';
const INITIATION_DYNAMIC = '12';
const CRC_FIELD_HEADER = '6304';

const BIN_PATTERN = /^[0-9]{6}$/;
const ACCOUNT_NUMBER_PATTERN = /^[0-9A-Za-z]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
/** Ends in a letter, so the digits that follow belong to the sequence alone: "D1"+"000123" can't pose as "D"+"1000123". */
const PAYMENT_CODE_PREFIX_PATTERN = /^([A-Z0-9]+ )*[A-Z0-9]*[A-Z]$/;

/** One TLV field. Lengths are two decimal digits, so a value over 99 characters is a programmer error. */
function tlv(id: string, value: string): string {
  if (value.length < 1 || value.length > 99) throw new RangeError(`TLV ${id}: value length ${value.length}`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over the UTF-8 bytes of text. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function binErrors(bin: string): FieldError[] {
  if (!BIN_PATTERN.test(bin)) return [{ field: 'bin', detail: 'must be 6 digits' }];
  if (bankByBin(bin) === null) return [{ field: 'bin', detail: `no bank with BIN ${bin} in the table` }];
  return [];
}

function accountNumberErrors(accountNumber: string): FieldError[] {
  const lengthOk = accountNumber.length >= 1 && accountNumber.length <= BANK_ACCOUNT_NUMBER_LENGTH_MAX;
  if (lengthOk && ACCOUNT_NUMBER_PATTERN.test(accountNumber)) return [];
  const detail = `must be 1–${BANK_ACCOUNT_NUMBER_LENGTH_MAX} ASCII digits or letters`;
  return [{ field: 'accountNumber', detail }];
}

function amountErrors(amountVnd: bigint | undefined): FieldError[] {
  if (amountVnd === undefined) return [];
  if (typeof amountVnd === 'bigint' && amountVnd >= 1n && amountVnd <= VIETQR_AMOUNT_VND_MAX) return [];
  return [{ field: 'amountVnd', detail: `must be an integer from 1 to ${VIETQR_AMOUNT_VND_MAX}` }];
}

/** Bank apps show and forward the memo as typed; non-ASCII or long memos get stripped or cut by some banks. */
function memoErrors(memo: string | undefined): FieldError[] {
  if (memo === undefined) return [];
  const lengthOk = memo.length >= 1 && memo.length <= VIETQR_MEMO_LENGTH_MAX;
  if (lengthOk && PRINTABLE_ASCII.test(memo)) return [];
  const detail = `must be 1–${VIETQR_MEMO_LENGTH_MAX} printable ASCII characters (leave it out for no memo)`;
  return [{ field: 'memo', detail }];
}

/** Checks every field before building, so a caller sees all problems of a request at once. */
function checkRequest(request: VietQrRequest): void {
  const fieldErrors = [
    ...binErrors(request.bin),
    ...accountNumberErrors(request.accountNumber),
    ...amountErrors(request.amountVnd),
    ...memoErrors(request.memo),
  ];
  if (fieldErrors.length > 0) {
    throw new DomainError('validation-failed', 'VietQR request is not valid', { fieldErrors });
  }
}

/**
 * Builds the text of a VietQR for a transfer to a bank account. With an amount the QR is "dynamic" (12) and
 * the donor's app fills the amount in; without one it is static (11).
 */
export function buildVietQrPayload(request: VietQrRequest): string {
  checkRequest(request);
  const { bin, accountNumber, amountVnd, memo } = request;
  const beneficiary = tlv('00', bin) + tlv('01', accountNumber);
  const merchantAccount = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_TO_ACCOUNT);
  const fields = [
    tlv('00', '01'),
    tlv('01', amountVnd === undefined ? INITIATION_STATIC : INITIATION_DYNAMIC),
    tlv('38', merchantAccount),
    tlv('53', CURRENCY_VND),
    amountVnd === undefined ? '' : tlv('54', amountVnd.toString()),
    tlv('58', COUNTRY_VN),
    memo === undefined ? '' : tlv('62', tlv('08', memo)),
  ];
  const body = fields.join('') + CRC_FIELD_HEADER;
  return body + crc16CcittFalse(body);
}

/** True when the payload ends in a 63 field whose CRC matches everything before it (including "6304"). */
export function hasValidCrc(payload: string): boolean {
  if (payload.length < 8 || payload.slice(-8, -4) !== CRC_FIELD_HEADER) return false;
  return crc16CcittFalse(payload.slice(0, -4)) === payload.slice(-4);
}

/**
 * EMVCo templates: merchant account information (26–51), additional data (62), language (64) and the
 * unreserved range (80–99). Inside a merchant account template, VietQR nests the beneficiary in 01.
 */
function isTopLevelTemplate(id: string): boolean {
  const number = Number(id);
  return (number >= 26 && number <= 51) || number === 62 || number === 64 || number >= 80;
}

function isMerchantAccountTemplate(id: string): boolean {
  const number = Number(id);
  return number >= 26 && number <= 51;
}

function malformed(detail: string): DomainError {
  return new DomainError('validation-failed', 'QR payload is not valid TLV', {
    fieldErrors: [{ field: 'payload', detail }],
  });
}

/** Decodes one level of TLV; `isTemplate` says which ids to decode further, given the id. */
function parseLevel(text: string, isTemplate: (id: string) => boolean, path: string): TlvField[] {
  const fields: TlvField[] = [];
  let offset = 0;
  while (offset < text.length) {
    const header = text.slice(offset, offset + 4);
    if (!/^[0-9]{4}$/.test(header)) throw malformed(`bad field header at ${path}${offset}`);
    const id = header.slice(0, 2);
    const length = Number(header.slice(2));
    const value = text.slice(offset + 4, offset + 4 + length);
    if (length === 0 || value.length !== length) throw malformed(`bad length for field ${path}${id}`);
    const children = isTemplate(id) ? parseLevel(value, childTemplates(path, id), `${path}${id}.`) : null;
    fields.push({ id, value, children });
    offset += 4 + length;
  }
  return fields;
}

function childTemplates(path: string, id: string): (id: string) => boolean {
  if (path === '' && isMerchantAccountTemplate(id)) return (childId) => childId === '01';
  return () => false;
}

/**
 * Decodes an EMVCo/VietQR payload into fields, decoding templates into children. It checks structure only;
 * use hasValidCrc for the checksum. Malformed text is a validation failure on the field `payload`.
 */
export function parseTlv(text: string): TlvField[] {
  if (text.length > VIETQR_PAYLOAD_LENGTH_MAX) {
    throw malformed(`longer than ${VIETQR_PAYLOAD_LENGTH_MAX} characters`);
  }
  return parseLevel(text, isTopLevelTemplate, '');
}

/**
 * A short ASCII code for a transfer memo, e.g. paymentCode('VNN D', 123) → "VNN D000123". Upper-case letters,
 * digits and single spaces only, so it survives bank apps that strip accents and punctuation.
 */
export function paymentCode(prefix: string, sequence: number): string {
  const fieldErrors: FieldError[] = [];
  if (!PAYMENT_CODE_PREFIX_PATTERN.test(prefix)) {
    fieldErrors.push({
      field: 'prefix',
      detail: 'must be upper-case letters, digits and single spaces, ending in a letter',
    });
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    fieldErrors.push({ field: 'sequence', detail: 'must be a non-negative integer' });
  }
  if (fieldErrors.length > 0) {
    throw new DomainError('validation-failed', 'payment code is not valid', { fieldErrors });
  }
  const code = prefix + String(sequence).padStart(PAYMENT_CODE_SEQUENCE_DIGITS_MIN, '0');
  if (code.length > VIETQR_MEMO_LENGTH_MAX) {
    const detail = `the code ${code} is longer than ${VIETQR_MEMO_LENGTH_MAX} characters`;
    throw new DomainError('validation-failed', 'payment code is too long', {
      fieldErrors: [{ field: 'prefix', detail }],
    });
  }
  return code;
}
