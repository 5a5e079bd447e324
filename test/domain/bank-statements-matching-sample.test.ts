import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import {
  type MatchableLine,
  type MatchCandidate,
  type MatchResult,
  matchStatementLines,
} from '../../src/domain/bank-statements/matching.ts';
import { SAOKE_PRESET } from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows } from '../../src/domain/bank-statements/statement.ts';

/**
 * A labelled reconciliation sample built from 200 real transfers (ids 1061–1260 of MTTQ_BIDV_10-17, shared
 * data, 10/09/2024). LABELS is the donor each memo names, read by hand (diacritics added as an accountant would
 * type them; mixed-case and company names included); rows without one are anonymous gifts. On top of the real
 * memos the sample simulates the records an accountant would have:
 *
 * - a gift record per line, dated 0–2 days after the bank date, anonymous when the memo names nobody; 8 lines
 *   (id % 25 = 7) have no record yet;
 * - a bank reference copied from the donor's screenshot for lines whose memo carries an FT number (id % 3 = 0);
 * - VietQR transfers: 20 lines (id % 10 = 3) get a payment code appended to the memo; on one (1093) the donor
 *   changed the amount;
 * - decoys: a namesake (same amount and day, another given name) for labelled ids % 5 = 0, the same donor's
 *   other gift (another amount) for ids % 7 = 0, and the next labelled donor's name on this line's amount for
 *   ids % 4 = 1 (unless that donor gave the same amount: such a record would be a true duplicate, not a decoy).
 */
const LABELS: Record<number, string> = {
  1063: 'Trần Văn Thành',
  1065: 'Lê Thị Tuyết',
  1066: 'Nguyễn Thị Quyết',
  1067: 'Hương Giang',
  1068: 'Hồ Thanh Thảo',
  1069: 'Lê Phương Ngoan',
  1070: 'Nguyễn Văn Huy',
  1071: 'Đông Nhi',
  1072: 'Lê Thị Ngọc Anh',
  1073: 'Phạm Thị Việt Hà',
  1074: 'Trần Đàm Thị Thủy',
  1075: 'Lò Thị Vân',
  1077: 'Quách Tú Trinh',
  1079: 'Nguyễn Ngọc Minh Uyên',
  1081: 'Hồ Thị Thu Nhâm',
  1082: 'Đỗ Bảo Ngọc',
  1085: 'Bùi Ngọc Thảo Nhi',
  1086: 'Vũ Tùng Lâm',
  1087: 'Nguyễn Thị Anh Đào',
  1092: 'Nguyễn Thị Như Yến',
  1094: 'Trịnh Thị Lan Phương',
  1095: 'Mai Thị Xuân',
  1096: 'Nguyễn Thị Anh Thư',
  1098: 'Chu Thị Huyền',
  1099: 'Phan Tiến Thành Đạt',
  1100: 'Phạm Duy Anh',
  1101: 'Hồ Thị Kim Dung',
  1104: 'Vũ Thị Anh Ngọc',
  1105: 'Hoàng Thị Lan Hương',
  1106: 'Hoàng Bích Thủy',
  1108: 'Nông Thị Minh Thương',
  1109: 'Nguyễn Văn Mỹ Hạnh',
  1110: 'Nguyễn Văn Nhật Huy',
  1112: 'Bùi Thị Tuyết Nhung',
  1114: 'Nguyễn Đăng Thuận Hậu',
  1116: 'Thu Hạnh',
  1117: 'Nguyễn Thị Phương Thảo',
  1118: 'Hồ Trần Như Ngọc',
  1119: 'Nguyễn Văn Lộc',
  1120: 'Nguyễn Mạnh Tường',
  1123: 'Lê Thị Thu Trang',
  1125: 'Dương Quang Quý',
  1126: 'Nguyễn Hương Thủy',
  1129: 'Lê Thị Bảo Trân',
  1131: 'Lương Thị Thúy An',
  1132: 'Trần Anh Mai Phương',
  1133: 'Đỗ Hải Yến',
  1134: 'Vũ Thị Thanh Tâm',
  1136: 'Phạm Xuân Thoa',
  1137: 'Nguyễn Thị Ngọc Dung',
  1138: 'Công ty Bảo Tín Long An',
  1139: 'Thân Đức Đăng',
  1140: 'Chu Gia Huy',
  1141: 'Nguyễn Thị Phương Thảo',
  1142: 'Hứa Thanh Vân',
  1143: 'Lạc Yến Linh',
  1149: 'Hoàng Thị Hằng',
  1152: 'Lê Thị Trúc Phương',
  1154: 'Phạm Thị Thanh Hương',
  1157: 'Dương Thị Hiền',
  1158: 'Thu Thảo',
  1160: 'Maria Vi',
  1161: 'Lê Uy Vũ',
  1163: 'Phạm Minh Hoàng',
  1165: 'Hồ Thị Phụng Hoàng',
  1166: 'Nguyễn Thị Nguyệt Ánh',
  1167: 'Nguyễn Thị Hồng Diệu',
  1168: 'Trần Thu Trang',
  1169: 'Bùi Tá Thành',
  1171: 'Phan Lâm Bích Luôm',
  1173: 'Trần Thị Bình',
  1176: 'Nguyễn Bảo Khang',
  1181: 'Nguyễn Ngọc Anh Thư',
  1182: 'Nguyễn Thị Thùy Dung',
  1184: 'Đoàn Khánh Uyên',
  1189: 'Nguyễn Thị Quỳnh Trang',
  1193: 'Nguyễn Hoàng Phúc',
  1194: 'Triệu Thị Phương Thảo',
  1197: 'Bành Mỹ Hồng',
  1198: 'Trần Thị Thu Vân',
  1200: 'Mã Kiều Loan',
  1201: 'Nguyễn Hữu Hồng Phú',
  1202: 'Lê Thế Cường',
  1207: 'Ngô Quỳnh Anh',
  1209: 'Hoàng Cao Cường',
  1211: 'Nguyễn Thị Hồng Nhung',
  1212: 'Nguyễn Hồng Vinh',
  1214: 'Nguyễn Thị Kim Sa',
  1215: 'Nguyễn Ngọc Đoan Trang',
  1216: 'Lê Phan Anh Thư',
  1217: 'Lâm Thanh Hiền',
  1220: 'Dương Thị Nam',
  1221: 'Nguyễn Trà Giang',
  1222: 'Phạm Thị Thùy An',
  1223: 'Trần Thị Phương Anh',
  1224: 'Lê Thị Dung',
  1225: 'Trần Ngọc Hà',
  1231: 'Nguyễn Thị Nhàn',
  1232: 'Nguyễn Thành Nhân',
  1233: 'Lý Vân Anh',
  1234: 'Lê Thị Hiếu',
  1235: 'Nguyễn Thị Ngọc Thúy',
  1238: 'Đỗ Hoài Thanh',
  1239: 'Thái Thị Thùy Dương',
  1240: 'Phùng Vũ Thái Hà',
  1244: 'Phan Thùy Linh',
  1246: 'Hoàng Thị Ngọc Ánh',
  1250: 'Nguyễn Thảo Trinh',
  1253: 'Lò Thị Diễm My',
  1254: 'Nguyễn Tiến Đạt',
  1255: 'Trần Hiền Vinh',
  1256: 'Phạm Bá Hậu',
  1257: 'Nguyễn Thị Quỳnh Như',
  1259: 'Trương Văn Hiếu',
  1260: 'Nguyễn Thị Yến',
};

const FIRST_ID = 1061;
const LAST_ID = 1260;
const CHANGED_AMOUNT_ID = 1093;
const OTHER_GIVEN_NAMES = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Khoa', 'Linh', 'Minh', 'Nam', 'Quân'];

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function namesake(name: string): string {
  const words = name.split(' ');
  const last = words[words.length - 1]!;
  const other = OTHER_GIVEN_NAMES.find((given) => given !== last)!;
  return [...words.slice(0, -1), other].join(' ');
}

function paymentCodeOf(id: number): string {
  return `YAGI${String(id).padStart(6, '0')}`;
}

function sampleLines(): { id: number; line: MatchableLine }[] {
  const text = gunzipSync(
    readFileSync(new URL('../fixtures/saoke-2024/MTTQ_BIDV_10-17.first-2000.csv.gz', import.meta.url)),
  )
    .toString('utf8')
    .split('\n')
    .slice(0, LAST_ID + 1)
    .join('\n');
  const [header, ...data] = readCsv(text);
  const { lines } = readStatementRows([header!, ...data.slice(FIRST_ID - 1)], SAOKE_PRESET);
  return lines.map((line) => {
    const id = Number(line.reference);
    const code = id % 10 === 3 ? (id % 20 === 13 ? ` yagi ${id}` : ` ${paymentCodeOf(id)}`) : '';
    return { id, line: { ...line, description: `${line.description}${code}` } };
  });
}

function sampleCandidates(lines: readonly { id: number; line: MatchableLine }[]): MatchCandidate[] {
  const labelled = lines.filter(({ id }) => LABELS[id] !== undefined);
  const candidates: MatchCandidate[] = [];
  for (const { id, line } of lines) {
    if (id % 25 === 7) continue;
    const reference = /\bFT\d{14}\b/.exec(line.description)?.[0] ?? null;
    candidates.push({
      kind: 'donation',
      id: `d${id}`,
      amountMinor: line.creditMinor + (id === CHANGED_AMOUNT_ID ? 100_000n : 0n),
      date: plusDays(line.date, id % 3),
      bankRef: id % 3 === 0 ? reference : null,
      paymentCode: id % 10 === 3 ? paymentCodeOf(id) : null,
      donorName: LABELS[id] ?? null,
    });
  }
  labelled.forEach(({ id, line }, index) => {
    const base = { kind: 'donation' as const, date: line.date, bankRef: null, paymentCode: null };
    const name = LABELS[id]!;
    if (id % 5 === 0)
      candidates.push({ ...base, id: `n${id}`, amountMinor: line.creditMinor, donorName: namesake(name) });
    if (id % 7 === 0)
      candidates.push({ ...base, id: `o${id}`, amountMinor: line.creditMinor + 50_000n, donorName: name });
    const next = labelled[(index + 1) % labelled.length]!;
    if (id % 4 === 1 && next.line.creditMinor !== line.creditMinor) {
      candidates.push({ ...base, id: `s${id}`, amountMinor: line.creditMinor, donorName: LABELS[next.id]! });
    }
  });
  return candidates;
}

interface Tally {
  matched: number;
  matchedWrong: number;
  suggested: number;
  suggestedWrong: number;
  unmatched: number;
  unmatchedFindable: number;
  byRule: Record<string, number>;
}

function tally(
  lines: readonly { id: number }[],
  results: readonly MatchResult[],
  recorded: Set<string>,
): Tally {
  const counts: Tally = {
    matched: 0,
    matchedWrong: 0,
    suggested: 0,
    suggestedWrong: 0,
    unmatched: 0,
    unmatchedFindable: 0,
    byRule: {},
  };
  results.forEach((result, index) => {
    const expected = `d${lines[index]!.id}`;
    const right = recorded.has(expected) && result.candidateId === expected;
    if (result.rule !== null)
      counts.byRule[`${result.status}:${result.rule}`] =
        (counts.byRule[`${result.status}:${result.rule}`] ?? 0) + 1;
    if (result.status === 'matched') {
      counts.matched += 1;
      if (!right) counts.matchedWrong += 1;
    } else if (result.status === 'suggested') {
      counts.suggested += 1;
      if (!right) counts.suggestedWrong += 1;
    } else {
      counts.unmatched += 1;
      if (recorded.has(expected) && LABELS[lines[index]!.id] !== undefined) counts.unmatchedFindable += 1;
    }
  });
  return counts;
}

describe('matching on a labelled sample of 200 real transfers', () => {
  const lines = sampleLines();
  const candidates = sampleCandidates(lines);
  const results = matchStatementLines(
    lines.map(({ line }) => line),
    candidates,
  );
  const recorded = new Set(candidates.map((candidate) => candidate.id));
  const counts = tally(lines, results, recorded);

  it('builds the sample it describes', () => {
    expect(lines).toHaveLength(200);
    expect(lines[0]!.id).toBe(FIRST_ID);
    expect(lines[199]!.id).toBe(LAST_ID);
    expect(Object.keys(LABELS)).toHaveLength(115);
    const byPrefix = (prefix: string) =>
      candidates.filter((candidate) => candidate.id.startsWith(prefix)).length;
    expect([byPrefix('d'), byPrefix('n'), byPrefix('o'), byPrefix('s')]).toEqual([192, 22, 18, 31]);
    expect(candidates.filter((candidate) => candidate.bankRef !== null)).toHaveLength(8);
    expect(candidates.filter((candidate) => candidate.paymentCode !== null)).toHaveLength(20);
  });

  it('matches 26 of 200 lines automatically (payment code 19, bank reference 7), none wrongly', () => {
    expect(counts.matched).toBe(26);
    expect(counts.matchedWrong).toBe(0);
    expect(counts.byRule['matched:payment-code']).toBe(19);
    expect(counts.byRule['matched:bank-reference']).toBe(7);
  });

  it('suggests the right record for 95 more lines and a wrong one for none, despite the decoys', () => {
    expect(counts.suggested).toBe(95);
    expect(counts.suggestedWrong).toBe(0);
    expect(counts.byRule['suggested:amount-date-name']).toBe(94);
    expect(counts.byRule['suggested:payment-code']).toBe(1);
  });

  it('leaves unmatched only lines no rule can pair: anonymous memos and gifts not recorded yet', () => {
    expect(counts.unmatched).toBe(79);
    expect(counts.unmatchedFindable).toBe(0);
    const unrecordedNamed = lines.filter(({ id }) => id % 25 === 7 && LABELS[id] !== undefined);
    expect(unrecordedNamed.map(({ id }) => id)).toEqual([1082, 1132, 1157, 1182, 1207, 1232, 1257]);
    for (const { id } of unrecordedNamed) {
      expect(results[lines.findIndex((entry) => entry.id === id)]!.status).toBe('unmatched');
    }
  });

  it('needs its name threshold: at 0.5 a namesake decoy is offered for a gift not recorded yet', () => {
    const loose = matchStatementLines(
      lines.map(({ line }) => line),
      candidates,
      { nameSimilarityMin: 0.5 },
    );
    const looseCounts = tally(lines, loose, recorded);
    expect(looseCounts.matchedWrong).toBe(0);
    expect(looseCounts.suggested).toBe(96);
    expect(looseCounts.suggestedWrong).toBe(1);
  });

  it('gives the changed-amount QR transfer as a suggestion of its own record', () => {
    const index = lines.findIndex(({ id }) => id === CHANGED_AMOUNT_ID);
    expect(results[index]).toMatchObject({
      status: 'suggested',
      rule: 'payment-code',
      candidateId: `d${CHANGED_AMOUNT_ID}`,
    });
  });
});
