/**
 * Reading people out of transfer memos. Banks print memos as ASCII, often upper case, wrapped in their
 * own boilerplate: the sender's account ("TKThe :0501000016xxx tai VCB."), app prefixes ("MBVCB.6988288617.
 * 227295."), interbank trace numbers ("-CTLNHIDI000009811417320-1/1-CRE-002", "-B2B0200970422…"), sending-bank
 * references ("FT24254608201092") and times ("; thoi gian GD:09/09/2024 23:21:53"). What the donor typed
 * usually starts with their name in capitals, then "chuyen tien" or "ung ho …".
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is the point.
const ASCII = /^[\x00-\x7F]*$/;

/** Without diacritics (đ → d), case kept: "Nguyễn Văn Ấn" → "Nguyen Van An". */
export function foldKeepingCase(text: string): string {
  // Bank memos are mostly ASCII already: skip the normalisation (most of the cost) for them.
  if (ASCII.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Upper-case ASCII words of a text: "Nguyễn Văn  An-2" → ["NGUYEN", "VAN", "AN", "2"]. */
export function nameTokens(text: string): string[] {
  return foldKeepingCase(text)
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((token) => token !== '');
}

const BOILERPLATE: readonly RegExp[] = [
  /TKThe\s*:\s*\S+\s+tai\s+[^.]*\./gi,
  /\b[A-Za-z]+;\s*\d+\s*;/g,
  /\bMBVCB(?:\.[0-9A-Z]+){1,2}\./gi,
  /\bMB\(\d+\)/gi,
  /\s*-?\s*CTLNHIDI\S*/gi,
  /\s*-?\s*B2B\d{6,}\S*(?:\s+\d+)?/gi,
  /;?\s*thoi gian GD\s*:.*$/gi,
  /\bFT\d{8,}\b/gi,
  /\bIBFT\b/gi,
  /\bREM Tfr Ac:\S+/gi,
  /\S*\d{5,}\S*/g,
  /\S*xxx\S*/gi,
];

/** The memo with bank boilerplate, account numbers and references removed, diacritics folded. */
export function stripMemoBoilerplate(memo: string): string {
  let text = foldKeepingCase(memo);
  for (const pattern of BOILERPLATE) text = text.replace(pattern, ' ');
  return text.replace(/[;\s]+/g, ' ').trim();
}

/** Words that end the donor's name: the start of "chuyen tien", "ung ho", "quyen gop", … */
const NAME_ENDS = new Set([
  'CHUYEN',
  'CK',
  'CT',
  'UNG',
  'UNGHO',
  'UH',
  'MTTQ',
  'GUI',
  'QUYEN',
  'GOP',
  'CUU',
  'XIN',
  'TOI',
  'NOP',
]);

/** The most common Vietnamese family names (folded), which a name taken from a memo must start with. */
const FAMILY_NAMES = new Set(
  (
    'NGUYEN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY DINH TRUONG DAO DOAN LAM MAI ' +
    'TRINH LUONG CAO LUU HA TA CHU TONG THAI TO VUONG QUACH LA KIEU LAI PHUNG HUA LUC TANG NONG KHUC MAC ' +
    'NGHIEM DIEP THACH VI HAN TIEU BANH CU QUAN DAM KHONG LO TRIEU TIET VIEN GIANG KIM THAN CHAU KHA ' +
    'KHUAT LANG NINH PHI PHO CAN NGU'
  ).split(' '),
);

const NAME_TOKENS_MIN = 2;
const NAME_TOKENS_MAX = 5;

/** "CT tu <account> NAME toi <account>": Vietcombank names the account holder explicitly. */
const VCB_SENDER = /\bCT tu \S+ ([A-Z][A-Z ]+?) toi\b/;

/**
 * The donor's name as the memo gives it, upper-case ASCII ("NGUYEN THI MAI"), or null when unsure: the
 * name must be 2–5 words starting with a common family name, and when the memo mixes cases (the donor's
 * words in lower case, their name in capitals), every word of it must be in capitals.
 */
export function donorNameFromMemo(memo: string): string | null {
  const folded = foldKeepingCase(memo);
  const sender = VCB_SENDER.exec(folded)?.[1];
  if (sender !== undefined && isLikelyName(sender.split(' '))) return sender;
  const text = stripMemoBoilerplate(folded).replace(/[()]/g, ' ');
  const words = text.split(/[^A-Za-z]+/).filter((word) => word !== '');
  if (!/[A-Z]{2}/.test(text)) return null;
  const mixedCase = /[a-z]/.test(text);
  const name: string[] = [];
  for (const word of words) {
    const upper = word.toUpperCase();
    if (NAME_ENDS.has(upper)) break;
    if (mixedCase && word !== upper) break;
    name.push(upper);
    if (name.length > NAME_TOKENS_MAX) return null;
  }
  return isLikelyName(name) ? name.join(' ') : null;
}

function isLikelyName(words: readonly string[]): boolean {
  if (words.length < NAME_TOKENS_MIN || words.length > NAME_TOKENS_MAX) return false;
  if (!FAMILY_NAMES.has(words[0]!)) return false;
  return words.every((word) => /^[A-Z]{1,7}$/.test(word));
}

/** Sørensen–Dice coefficient of two token lists, as multisets: 2·|A ∩ B| / (|A| + |B|). */
export function tokenDice(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const remaining = new Map<string, number>();
  for (const token of right) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of left) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      common += 1;
      remaining.set(token, count - 1);
    }
  }
  return (2 * common) / (left.length + right.length);
}

/**
 * Where the words of `needle` (two or more) appear one after another in `haystack`: `whole` when some
 * occurrence stands as a name of its own (the word after it ends a name — "chuyen", "ung ho"… — or
 * there is none, and the word before it is not a family name), `part` when every occurrence may be part
 * of a longer name ("NGUYEN THI HONG" inside "NGUYEN THI HONG QUYEN", "DOAN NGOC DIEP" inside
 * "TRAN DOAN NGOC DIEP"), `none` when the words do not appear so.
 */
function findRun(haystack: readonly string[], needle: readonly string[]): 'whole' | 'part' | 'none' {
  if (needle.length < NAME_TOKENS_MIN) return 'none';
  let found: 'part' | 'none' = 'none';
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (!needle.every((token, offset) => haystack[start + offset] === token)) continue;
    const after = haystack[start + needle.length];
    const before = haystack[start - 1];
    const endsHere = after === undefined || NAME_ENDS.has(after) || !/^[A-Z]+$/.test(after);
    const startsHere = before === undefined || !FAMILY_NAMES.has(before);
    if (endsHere && startsHere) return 'whole';
    found = 'part';
  }
  return found;
}

/** A memo read once, to be compared with many recorded donors (preparedNameSimilarity). */
export interface PreparedMemo {
  /** The words of the counterparty and the memo, boilerplate removed. */
  words: string[];
  /** The names the line gives: the counterparty column and the name read from the memo, as words. */
  names: string[][];
  /** Every word a comparison can count: a donor sharing none of them scores 0. */
  vocabulary: Set<string>;
}

export function prepareMemo(memo: string, counterparty: string | null = null): PreparedMemo {
  const words = nameTokens(stripMemoBoilerplate(`${counterparty ?? ''} ${memo}`));
  const names = [counterparty, donorNameFromMemo(memo)]
    .filter((name): name is string => name !== null)
    .map(nameTokens);
  return { words, names, vocabulary: new Set([...words, ...names.flat()]) };
}

/** memoNameSimilarity for a prepared memo and a donor's name words (nameTokens). */
export function preparedNameSimilarity(memo: PreparedMemo, donor: readonly string[]): number {
  if (donor.length === 0) return 0;
  const run = findRun(memo.words, donor);
  if (run === 'whole') return 1;
  const named = Math.max(0, ...memo.names.map((name) => tokenDice(name, donor)));
  // Inside a longer name: as alike as the name with one more word (2a / (2a + 1)), unless read closer.
  return run === 'part' ? Math.max(named, (2 * donor.length) / (2 * donor.length + 1)) : named;
}

/**
 * How well a memo (and the counterparty column, when the bank has one) names a recorded donor, 0–1: the
 * Dice coefficient between the name read from the memo and the donor's name, or 1 when the donor's full
 * name (two words or more) stands in the memo word for word as a name of its own (findRun); inside a
 * longer name it counts as that name with one word more.
 */
export function memoNameSimilarity(
  memo: string,
  donorName: string,
  counterparty: string | null = null,
): number {
  return preparedNameSimilarity(prepareMemo(memo, counterparty), nameTokens(donorName));
}
