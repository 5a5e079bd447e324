import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import { LABELS } from '../fixtures/saoke-2024/labels.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem, expectVerified } from '../support/ledger.ts';
import { lineStep, linesOf, reconciliation, saokeRows, uploadStatement } from '../support/statements.ts';

/**
 * Matching through the database, on a labelled sample of 200 real transfers (ids 1061–1260 of the committed
 * fixture, 10/09/2024; the donor each memo names read by hand: test/fixtures/saoke-2024/labels.ts). Before
 * the statement is imported, the accountant has recorded (POST /donations/batch, campaign YAGI):
 *
 * - a gift per line, dated 0–2 days after the bank, under the donor's hand-read name (anonymous gifts under
 *   a name no memo carries); 8 lines (id % 25 = 7) are not recorded yet;
 * - the FT reference from the donor's screenshot as bankRef, where the memo carries one (id % 3 = 0);
 * - VietQR transfers: 20 lines (id % 10 = 3) carry the campaign's payment code in the memo, typed by the
 *   bank app in two ways ("YAGI D001063", "yagi-d-1073"), and their gift has it in its memo; on 1093 the
 *   donor changed the amount;
 * - decoys: a namesake (same amount and day, another given name) for labelled ids % 5 = 0, the same donor's
 *   other gift for ids % 7 = 0, and the next labelled donor's name on this line's amount for ids % 4 = 1.
 */

const FIRST_ID = 1061;
const LAST_ID = 1260;
const CHANGED_AMOUNT_ID = 1093;
const OTHER_GIVEN_NAMES = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Khoa', 'Linh', 'Minh', 'Nam', 'Quân'];

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function namesake(name: string): string {
  const words = name.split(' ');
  const other = OTHER_GIVEN_NAMES.find((given) => given !== words.at(-1))!;
  return [...words.slice(0, -1), other].join(' ');
}

function paymentCode(id: number): string {
  return `YAGI D${String(id).padStart(6, '0')}`;
}

interface SampleRow {
  id: number;
  amount: bigint;
  description: string;
}

/** The 200 rows, with the payment codes the bank apps printed; and the statement file. */
function sampleStatement(): { rows: SampleRow[]; file: string } {
  const [header, ...data] = readCsv(saokeRows(FIRST_ID, LAST_ID));
  const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const rows: SampleRow[] = [];
  const lines = [header!.join(',')];
  for (const cells of data.filter((row) => row.length > 1)) {
    const id = Number(cells[2]);
    const code = id % 10 === 3 ? (id % 20 === 13 ? ` yagi-d-${id}` : ` ${paymentCode(id)}`) : '';
    const description = `${cells[4]}${code}`;
    rows.push({ id, amount: BigInt(cells[3]!), description });
    lines.push([cells[0]!, cells[1]!, cells[2]!, cells[3]!, description, cells[5]!].map(quote).join(','));
  }
  return { rows, file: `${lines.join('\n')}\n` };
}

interface Gift {
  key: string;
  body: Json;
}

/** The gifts recorded before the statement arrives: each line's own (`d<id>`) and the decoys. */
function recordedGifts(fundId: string, campaignId: string, rows: readonly SampleRow[]): Gift[] {
  const base = (amount: bigint, receivedOn: string, name: string): Json => ({
    fundId,
    campaignId,
    amount: amount.toString(),
    currency: 'VND',
    receivedOn,
    channel: 'bank_transfer',
    donor: { kind: 'individual', name },
    disclosure: 'anonymous',
  });
  const gifts: Gift[] = [];
  for (const { id, amount, description } of rows) {
    if (id % 25 === 7) continue;
    const reference = /\bFT\d{14}\b/.exec(description)?.[0] ?? null;
    const body = base(
      amount + (id === CHANGED_AMOUNT_ID ? 100_000n : 0n),
      plusDays('2024-09-10', id % 3),
      LABELS[id] ?? `Nhà hảo tâm ${id}`,
    );
    if (id % 3 === 0 && reference) body.bankRef = reference;
    if (id % 10 === 3) body.memo = `Chuyển khoản qua mã QR ${paymentCode(id)}`;
    gifts.push({ key: `d${id}`, body });
  }
  const labelled = rows.filter(({ id }) => LABELS[id] !== undefined);
  labelled.forEach(({ id, amount }, index) => {
    const name = LABELS[id]!;
    if (id % 5 === 0) gifts.push({ key: `n${id}`, body: base(amount, '2024-09-10', namesake(name)) });
    if (id % 7 === 0) gifts.push({ key: `o${id}`, body: base(amount + 50_000n, '2024-09-10', name) });
    const next = labelled[(index + 1) % labelled.length]!;
    if (id % 4 === 1 && next.amount !== amount) {
      gifts.push({ key: `s${id}`, body: base(amount, '2024-09-10', LABELS[next.id]!) });
    }
  });
  // The batch refuses the same donor, amount and date twice (a true duplicate): keep the first.
  const seen = new Set<string>();
  return gifts.filter(({ body }) => {
    const key = `${body.donor.name}|${body.amount}|${body.receivedOn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe('matching a real statement against recorded gifts (labelled sample, through the database)', () => {
  let api: TestApi;
  let cleanup = () => {};
  let bank: string;
  let fundId: string;
  let imported: Json;
  /** Gift key (d1063, n1065…) → donation id, and back. */
  const donationOf = new Map<string, string>();
  const keyOf = new Map<string, string>();
  /** Line id → sample id. */
  const sampleIdOf = new Map<string, number>();
  let lines: Json[];

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const made = await provinceWithFund(api);
    fundId = made.fund.id;
    bank = made.accounts.bank!;
    const campaign = await api.create('/api/v1/campaigns', {
      fundId,
      name: 'Ủng hộ đồng bào bị ảnh hưởng bởi bão số 3 (Yagi)',
      purpose: 'Khắc phục hậu quả bão Yagi',
      receivingFrom: '2024-09-08',
      receivingTo: '2024-10-31',
      distributionDeadline: '2024-11-15',
      paymentCodePrefix: 'YAGI',
    });
    const { rows, file } = sampleStatement();
    const gifts = recordedGifts(fundId, campaign.id, rows);
    const batch = await api.create('/api/v1/donations/batch', { donations: gifts.map((gift) => gift.body) });
    (batch.items as Json[]).forEach((donation, index) => {
      donationOf.set(gifts[index]!.key, donation.id);
      keyOf.set(donation.id, gifts[index]!.key);
    });
    const response = await uploadStatement(api, bank, { format: 'saoke', file, fileName: 'bidv-10-09.csv' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    imported = response.body;
    lines = await linesOf(api, bank);
    for (const line of lines) sampleIdOf.set(line.id, Number(line.reference));
  });
  afterAll(() => cleanup());

  /** Whether the line's match or suggestion is its own gift. */
  const right = (line: Json) =>
    line.match !== null && keyOf.get(line.match.id) === `d${sampleIdOf.get(line.id)}`;
  const byStatus = (status: string) => lines.filter((line) => line.status === status);
  const byRule = (status: string) => {
    const counts: Record<string, number> = {};
    for (const line of byStatus(status)) counts[line.match.rule] = (counts[line.match.rule] ?? 0) + 1;
    return counts;
  };

  it('built the sample it describes: 200 lines, 192 gifts of their own, 71 decoys', () => {
    expect(lines).toHaveLength(200);
    expect([...donationOf.keys()].filter((key) => key.startsWith('d'))).toHaveLength(192);
    expect([...donationOf.keys()].filter((key) => !key.startsWith('d'))).toHaveLength(71);
    expect(imported).toMatchObject({ read: 200, new: 200, duplicates: 0 });
    expect(imported.matched + imported.suggested + imported.unmatched).toBe(200);
  });

  it('matches 26 lines automatically (payment code 19, bank reference 7), none wrongly', () => {
    expect(imported.matched).toBe(26);
    expect(byRule('matched')).toEqual({ 'payment-code': 19, 'bank-reference': 7 });
    expect(byStatus('matched').filter((line) => !right(line))).toEqual([]);
  });

  it('suggests the right gift for 95 more lines and a wrong one for none, despite the decoys', () => {
    expect(imported.suggested).toBe(95);
    expect(byRule('suggested')).toEqual({ 'amount-date-name': 94, 'payment-code': 1 });
    expect(byStatus('suggested').filter((line) => !right(line))).toEqual([]);
  });

  it('leaves unmatched 79 lines: anonymous memos, and the 8 gifts not recorded yet', () => {
    expect(imported.unmatched).toBe(79);
    const unmatched = new Set(byStatus('unmatched').map((line) => sampleIdOf.get(line.id)));
    for (let id = FIRST_ID; id <= LAST_ID; id += 1) {
      if (id % 25 === 7) expect(unmatched.has(id), String(id)).toBe(true);
      // A named, recorded gift is always found, by a rule or a suggestion.
      else if (LABELS[id] !== undefined) expect(unmatched.has(id), String(id)).toBe(false);
    }
  });

  it('stores the name similarity of a suggestion and who matched what', () => {
    const suggestion = byStatus('suggested').find((line) => line.match.rule === 'amount-date-name')!;
    expect(suggestion.match.score).toBeGreaterThanOrEqual(0.8);
    expect(suggestion.match.by).toBeNull();
    const matched = byStatus('matched')[0]!;
    expect(matched.match).toMatchObject({
      kind: 'donation',
      score: null,
      by: expect.any(String),
      at: expect.any(String),
    });
  });

  describe('what staff do with the lines', () => {
    const lineOf = (id: number) => lines.find((line) => sampleIdOf.get(line.id) === id)!;
    const step = (id: number, name: string, body?: Json) => lineStep(api, bank, lineOf(id).id, name, body);

    it('confirms a suggestion: the line is matched to the gift the rules pointed at', async () => {
      const line = byStatus('suggested').find((candidate) => candidate.match.rule === 'amount-date-name')!;
      const response = await lineStep(api, bank, line.id, 'confirm');
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        id: line.id,
        status: 'matched',
        match: { kind: 'donation', id: line.match.id, rule: 'amount-date-name', score: line.match.score },
      });
      expect(response.body.match.by).toEqual(expect.any(String));
      expectProblem(await lineStep(api, bank, line.id, 'confirm'), 'invalid-state');
    });

    it('will not confirm the QR transfer whose amount the donor changed: the amounts differ', async () => {
      const line = lineOf(CHANGED_AMOUNT_ID);
      expect(line).toMatchObject({
        status: 'suggested',
        match: { rule: 'payment-code', id: donationOf.get(`d${CHANGED_AMOUNT_ID}`) },
      });
      const refused = expectProblem(await step(CHANGED_AMOUNT_ID, 'confirm'), 'validation-failed', ['id']);
      expect(refused.detail).toMatch(
        /^The amounts differ: the line moves in 40\.699 ₫, the donation in 140\.699 ₫ on this account/,
      );
    });

    it('unmatches a match, and matches a line by hand to a record of the account', async () => {
      const matched = byStatus('matched')[1]!;
      const gift = matched.match.id;
      const undone = await lineStep(api, bank, matched.id, 'unmatch');
      expect(undone.body).toMatchObject({ status: 'unmatched', match: null });
      expectProblem(await lineStep(api, bank, matched.id, 'unmatch'), 'invalid-state');
      const again = await lineStep(api, bank, matched.id, 'match', { kind: 'donation', id: gift });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toMatchObject({
        status: 'matched',
        match: { kind: 'donation', id: gift, rule: 'manual' },
      });
    });

    it('refuses a manual match to a gift of another amount, one matched elsewhere, or one not on the account', async () => {
      const line = lineOf(1082);
      expect(line.status).toBe('unmatched');
      const otherAmount = donationOf.get('o1071')!;
      expectProblem(await step(1082, 'match', { kind: 'donation', id: otherAmount }), 'validation-failed', [
        'id',
      ]);
      const taken = byStatus('matched')[2]!;
      const conflict = expectProblem(
        await step(1082, 'match', { kind: 'donation', id: taken.match.id }),
        'conflict',
      );
      expect(conflict.detail).toContain(taken.id);
      expectProblem(
        await step(1082, 'match', { kind: 'transfer', id: taken.match.id }),
        'validation-failed',
        ['id'],
      );
      expectProblem(
        await step(1082, 'match', { kind: 'disbursement', id: '01900000-0000-7000-8000-000000000000' }),
        'validation-failed',
        ['id'],
      );
      expectProblem(
        await lineStep(api, bank, '01900000-0000-7000-8000-000000000000', 'confirm'),
        'not-found',
      );
    });

    it('sets a line aside with a reason, and takes it up again', async () => {
      const line = byStatus('unmatched').find(
        (candidate) => LABELS[sampleIdOf.get(candidate.id)!] === undefined,
      )!;
      expectProblem(await lineStep(api, bank, line.id, 'ignore', { reason: '' }), 'validation-failed', [
        'reason',
      ]);
      const ignored = await lineStep(api, bank, line.id, 'ignore', {
        reason: 'Chuyển nhầm, ngân hàng sẽ hoàn trả',
      });
      expect(ignored.body).toMatchObject({
        status: 'ignored',
        note: 'Chuyển nhầm, ngân hàng sẽ hoàn trả',
        match: null,
      });
      expectProblem(await lineStep(api, bank, line.id, 'ignore', { reason: 'lần nữa' }), 'invalid-state');
      const listed = await api.get(`/api/v1/bank-accounts/${bank}/lines?status=ignored`);
      expect(listed.body.items.map((item: Json) => item.id)).toEqual([line.id]);
      expect((await lineStep(api, bank, line.id, 'unmatch')).body).toMatchObject({
        status: 'unmatched',
        note: null,
      });
      const matched = byStatus('matched')[3]!;
      expectProblem(await lineStep(api, bank, matched.id, 'ignore', { reason: 'x' }), 'invalid-state');
    });

    it('turns an unmatched credit into a gift in one action: receipt, allocation source, the line matched', async () => {
      const line = lineOf(1082);
      expect(line.description).toContain('DO BAO NGOC');
      const before = await api.client.execute('SELECT count(*) AS n FROM donations');
      const response = await step(1082, 'donation', {});
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const gift = response.body;
      expect(gift).toMatchObject({
        fundId,
        amount: line.credit,
        receivedOn: '2024-09-10',
        channel: 'bank_transfer',
        disclosure: 'anonymous',
        bankRef: '1082',
        donor: { kind: 'individual', name: 'Do Bao Ngoc' },
        campaignId: null,
        status: 'valid',
      });
      expect(gift.memo).toBe(line.description);
      const receipt = await api.get(`/api/v1/receipts/${encodeURIComponent(gift.receiptNo)}`);
      expect(receipt.status).toBe(200);
      expect(receipt.body.status).toBe('valid');
      const source = await api.client.execute({
        sql: 'SELECT kind, amount_minor FROM allocation_sources WHERE donation_id = ?',
        args: [gift.id],
      });
      expect(source.rows.map((row) => [row.kind, Number(row.amount_minor)])).toEqual([
        ['donation', Number(line.credit)],
      ]);
      const after = (await linesOf(api, bank)).find((candidate) => candidate.id === line.id)!;
      expect(after).toMatchObject({
        status: 'matched',
        match: { kind: 'donation', id: gift.id, rule: 'new-donation' },
      });
      expect(Number((await api.client.execute('SELECT count(*) AS n FROM donations')).rows[0]!.n)).toBe(
        Number(before.rows[0]!.n) + 1,
      );
      expectProblem(await step(1082, 'donation', {}), 'invalid-state');
      await expectVerified(api.client);
    });

    it('names the donor as staff say, publicly if they say so; never from a suggested line, nor into another fund', async () => {
      const response = await step(1157, 'donation', {
        donorName: 'Dương Thị Hiền',
        disclosure: 'public',
        earmark: { category: 'new_house' },
        fundId,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        donor: { name: 'Dương Thị Hiền' },
        disclosure: 'public',
        earmark: { category: 'new_house' },
      });
      const suggested = (await linesOf(api, bank, 'suggested')).find(
        (line) => line.match.rule === 'amount-date-name',
      )!;
      expectProblem(await lineStep(api, bank, suggested.id, 'donation', {}), 'invalid-state');
      expectProblem(
        await step(1207, 'donation', { fundId: '01900000-0000-7000-8000-000000000000' }),
        'validation-failed',
        ['fundId'],
      );
      await expectVerified(api.client);
    });

    it('replays a gift made from a line when the request is sent again with its key', async () => {
      const headers = { 'Idempotency-Key': 'line-1232-to-gift' };
      const path = `/api/v1/bank-accounts/${bank}/lines/${lineOf(1232).id}/donation`;
      const first = await api.post(path, {}, headers);
      const again = await api.post(path, {}, headers);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });

    it('reconciles: every difference listed, and they add up to it', async () => {
      const report = await reconciliation(api, bank, '2024-09-12');
      expect(report.bank).toMatchObject({
        basis: 'computed',
        lines: 200,
        firstDate: '2024-09-10',
        lastDate: '2024-09-10',
        balanceBeforeLines: '0',
      });
      const total = lines.reduce((sum, line) => sum + BigInt(line.credit), 0n);
      expect(report.bank.balance).toBe(total.toString());
      expect(report.unexplained).toBe('0');
      expect(report.explained).toBe(report.difference);
      const { openLines, unmatchedEntries } = report.differences;
      const open = (await linesOf(api, bank)).filter(
        (line) => line.status === 'unmatched' || line.status === 'suggested',
      );
      expect(openLines.count).toBe(open.length);
      expect(openLines.total).toBe(open.reduce((sum, line) => sum + BigInt(line.credit), 0n).toString());
      // Every recorded gift no line is matched to is listed: the decoys among them.
      expect(unmatchedEntries.items.map((item: Json) => keyOf.get(item.recordId))).toEqual(
        expect.arrayContaining(['n1065', 'o1071']),
      );
      expect(BigInt(report.difference)).toBe(BigInt(openLines.total) - BigInt(unmatchedEntries.total));
    });
  });

  describe('the database holds the rules too', () => {
    it('never deletes a line, nor changes what the bank printed', async () => {
      const line = lines[0]!;
      await expect(
        api.client.execute({ sql: 'DELETE FROM bank_statement_lines WHERE id = ?', args: [line.id] }),
      ).rejects.toThrow(/soquy:statement-permanent/);
      await expect(
        api.client.execute({
          sql: "UPDATE bank_statement_lines SET description = 'khác' WHERE id = ?",
          args: [line.id],
        }),
      ).rejects.toThrow(/soquy:statement-permanent/);
      await expect(
        api.client.execute({
          sql: 'UPDATE bank_statement_lines SET credit_minor = credit_minor + 1 WHERE id = ?',
          args: [line.id],
        }),
      ).rejects.toThrow(/soquy:statement-permanent/);
      await expect(
        api.client.execute({ sql: 'DELETE FROM bank_statement_imports WHERE account_id = ?', args: [bank] }),
      ).rejects.toThrow(/soquy:statement-permanent/);
    });

    it('refuses a match of another amount, a second line for one record, and a matched line moved to another record', async () => {
      const free = (await linesOf(api, bank, 'unmatched'))[0]!;
      const other = donationOf.get('n1065')!;
      await expect(
        api.client.execute({
          sql: "UPDATE bank_statement_lines SET status = 'matched', match_kind = 'donation', match_id = ? WHERE id = ?",
          args: [other, free.id],
        }),
      ).rejects.toThrow(/soquy:statement-match-amount/);
      const matched = (await linesOf(api, bank, 'matched')).filter((line) => line.match.kind === 'donation');
      const [first, second] = matched;
      await expect(
        api.client.execute({
          sql: 'UPDATE bank_statement_lines SET match_id = ? WHERE id = ?',
          args: [second!.match.id, first!.id],
        }),
      ).rejects.toThrow(/soquy:statement-line-changed|soquy:statement-match-amount/);
      await expect(
        api.client.execute({
          sql: "UPDATE bank_statement_lines SET status = 'ignored', match_kind = NULL, match_id = NULL WHERE id = ?",
          args: [first!.id],
        }),
      ).rejects.toThrow(/soquy:statement-line-changed/);
      await expect(
        api.client.execute({
          sql: "UPDATE bank_statement_lines SET status = 'suggested', match_kind = NULL WHERE id = ?",
          args: [free.id],
        }),
      ).rejects.toThrow(/soquy:statement-match-shape/);
    });

    it('refuses an import into an account that is not a bank account', async () => {
      const cash = await api.client.execute({
        sql: "SELECT id FROM accounts WHERE fund_id = ? AND role = 'cash'",
        args: [fundId],
      });
      await expect(
        api.client.execute({
          sql: `INSERT INTO bank_statement_imports (id, account_id, format, file_sha256, imported_by, imported_at_ms, lines_read, lines_new, lines_duplicate)
                VALUES ('x', ?, 'vcb', 'x', 'x', 0, 0, 0, 0)`,
          args: [String(cash.rows[0]!.id)],
        }),
      ).rejects.toThrow(/soquy:statement-not-bank/);
    });
  });
});
