import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithToken } from '../support/access.ts';
import { freshApi, type Json, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { expectProblem } from '../support/ledger.ts';

/**
 * The hledger export, checked by hledger itself: random ledgers built through the real API, exported
 * over HTTP, then `hledger check` must pass and `hledger balance` must equal our trial balance account
 * by account — for every fund, for a fund, for a unit subtree, and for date ranges.
 */

const HLEDGER_ENV = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
const SCALES: Record<string, number> = { VND: 0, USD: 2 };
let folder = '';
let fileCounter = 0;

beforeAll(() => {
  const version = spawnSync('hledger', ['--version'], { encoding: 'utf8', env: HLEDGER_ENV });
  if (version.status !== 0) throw new Error('hledger is not installed: apt-get install -y hledger');
  folder = mkdtempSync(join(tmpdir(), 'soquy-hledger-'));
});
afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function hledger(journal: string, args: string[]): string {
  fileCounter += 1;
  const file = join(folder, `export-${fileCounter}.journal`);
  writeFileSync(file, journal);
  const result = spawnSync('hledger', ['-f', file, ...args], { encoding: 'utf8', env: HLEDGER_ENV });
  if (result.status !== 0) throw new Error(`hledger ${args.join(' ')} failed: ${result.stderr}\n${journal}`);
  return result.stdout;
}

/** RFC 4180 rows, as hledger writes them (every field quoted, "" for a quote). */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"')));
}

/** "1000000 VND", "-12.50 USD", "0" → minor units and currency (null for a bare 0). */
function parseAmount(text: string): { minor: bigint; currency: string | null } {
  if (text === '0') return { minor: 0n, currency: null };
  const match = /^(-?)(\d+)(?:\.(\d+))? ([A-Z]{3})$/.exec(text);
  if (!match) throw new Error(`not an hledger amount: ${text}`);
  const [, sign, whole, fraction = '', currency] = match;
  expect(fraction.length, text).toBe(SCALES[currency!]);
  const minor = BigInt(`${whole}${fraction}`);
  return { minor: sign ? -minor : minor, currency: currency! };
}

/** hledger's balance of every account with postings, by name: `balance --flat --no-total -E -O csv`. */
function hledgerBalances(journal: string): Map<string, { minor: bigint; currency: string | null }> {
  const [header, ...rows] = parseCsv(
    hledger(journal, ['balance', '--flat', '--no-total', '-E', '-O', 'csv']),
  );
  expect(header).toEqual(['account', 'balance']);
  return new Map(rows.map(([account, amount]) => [account!, parseAmount(amount!)]));
}

/** Transactions hledger read, with the entry id and kind from their tags: `print -O csv`. */
function hledgerTransactions(journal: string): Map<string, { code: string; kind: string; reverses: string }> {
  const [header, ...rows] = parseCsv(hledger(journal, ['print', '-O', 'csv']));
  const column = (name: string) => header!.indexOf(name);
  const transactions = new Map<string, { code: string; kind: string; reverses: string }>();
  for (const row of rows) {
    const comment = row[column('comment')]!;
    const tag = (name: string) => new RegExp(`${name}:([^,]*)`).exec(comment)?.[1]?.trim() ?? '';
    transactions.set(tag('entry'), {
      code: row[column('code')]!,
      kind: tag('kind'),
      reverses: tag('reverses'),
    });
  }
  return transactions;
}

interface Ledger {
  api: TestApi;
  units: Record<'P' | 'A' | 'B' | 'V', { id: string; code: string }>;
  /** Fund id → the fund's label in account names, written out here (not computed by the code under test). */
  labels: Map<string, string>;
  funds: { id: string; unit: 'P' | 'A' | 'B' | 'V'; currency: string; accounts: Record<string, string> }[];
}

async function accountsByRole(api: TestApi, fundId: string): Promise<Record<string, string>> {
  const detail = await api.get(`/api/v1/funds/${fundId}`);
  return Object.fromEntries(
    (detail.body.balances as Json[]).map((account) => [account.role as string, account.accountId as string]),
  );
}

/**
 * Province LC with communes MS (and its village HE) and NT. Funds: one in LC with a name full of hledger
 * syntax and a USD bank and revenue account of its own; two in MS with the same name; one in HE; one
 * USD fund in NT.
 */
async function buildLedger(api: TestApi): Promise<Ledger> {
  const unit = async (name: string, code: string, parentId: string | null) => ({
    id: (await api.create('/api/v1/units', { name, kind: 'mttq', code, parentId })).id as string,
    code,
  });
  const P = await unit('Ủy ban MTTQ tỉnh Lai Châu', 'LC', null);
  const A = await unit('MTTQ xã Mường So', 'MS', P.id);
  const B = await unit('MTTQ xã Nậm Tăm', 'NT', P.id);
  const V = await unit('Ban công tác Mặt trận bản Huổi Én', 'HE', A.id);
  const labels = new Map<string, string>();
  const funds: Ledger['funds'] = [];
  const fund = async (key: 'P' | 'A' | 'B' | 'V', name: string, currency: string, label: string | null) => {
    const units = { P, A, B, V };
    const made = await api.create('/api/v1/funds', { unitId: units[key].id, kind: 'other', name, currency });
    labels.set(made.id, label ?? `${name} (${made.id})`);
    funds.push({ id: made.id, unit: key, currency, accounts: await accountsByRole(api, made.id) });
  };
  await fund(
    'P',
    'Quỹ "Vì người nghèo": tỉnh  Lai Châu; (2024)\tđợt #1',
    'VND',
    'Quỹ "Vì người nghèo"- tỉnh Lai Châu, (2024) đợt #1',
  );
  await fund('A', 'Quỹ Đền ơn đáp nghĩa', 'VND', null);
  await fund('A', 'Quỹ Đền ơn đáp nghĩa', 'VND', null);
  await fund('V', '[Bản] *Huổi Én* = quỹ @ thôn', 'VND', '[Bản] *Huổi Én* = quỹ @ thôn');
  await fund('B', 'Quỹ cứu trợ (USD)', 'USD', 'Quỹ cứu trợ (USD)');
  const province = funds[0]!;
  for (const [role, code, type] of [
    ['bank_usd', '112-USD', 'asset'],
    ['donation_revenue_usd', '511-USD', 'revenue'],
  ] as const) {
    const account = await api.create('/api/v1/accounts', {
      fundId: province.id,
      code,
      name: role === 'bank_usd' ? 'Tiền gửi ngoại tệ: USD' : 'Thu ủng hộ ngoại tệ',
      type,
      currency: 'USD',
    });
    province.accounts[role] = account.id;
  }
  return { api, units: { P, A, B, V }, labels, funds };
}

// — random operations —

const DESCRIPTION_PIECES = [
  'Ủng hộ đồng bào',
  ';',
  ':',
  '  ',
  '\t',
  '\n',
  '*',
  '!',
  '(',
  ')',
  '[2024-01-01]',
  '|',
  '#',
  'date:2024-01-01',
  'tag:x, seq:9',
  '"',
  '=',
  '@',
  '1.000.000 ₫',
];

const description = fc
  .array(fc.constantFrom(...DESCRIPTION_PIECES), { minLength: 1, maxLength: 6 })
  .map((pieces) => `${pieces.join('')}x`.trim());
const day = fc.integer({ min: 0, max: 365 }).map((offset) => {
  const date = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
});
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt({ min: 1n, max: 1_000_000_000n }) },
  { weight: 1, arbitrary: fc.constant(1_000_000_000_000_000n) },
);

type Op =
  | { op: 'donation'; fund: number; amount: bigint; date: string; description: string; cash: boolean }
  | { op: 'disbursement'; fund: number; amount: bigint; date: string; description: string }
  | { op: 'transfer'; from: number; to: number; amount: bigint; date: string; description: string }
  | { op: 'usd'; amountVnd: bigint; cents: bigint; date: string; description: string }
  | { op: 'reverse'; pick: number; date: string };

const FUND_COUNT = 5;
const fundIndex = fc.integer({ min: 0, max: FUND_COUNT - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('donation' as const),
      fund: fundIndex,
      amount,
      date: day,
      description,
      cash: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('disbursement' as const),
      fund: fundIndex,
      amount,
      date: day,
      description,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('transfer' as const),
      from: fundIndex,
      to: fundIndex,
      amount,
      date: day,
      description,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('usd' as const),
      amountVnd: amount,
      cents: fc.bigInt({ min: 1n, max: 99_999_999n }),
      date: day,
      description,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), date: day }) },
);

/** The postings of one operation, or null when it makes no sense (a transfer within a currency only). */
function postingsOf(ledger: Ledger, op: Exclude<Op, { op: 'reverse' }>): Json[] | null {
  const line = (accountId: string | undefined, side: 'debit' | 'credit', value: bigint) => ({
    accountId: accountId!,
    side,
    amount: value.toString(),
    memo: 'ghi chú: date:2024-01-01 [2024-02-02]; x',
  });
  if (op.op === 'donation') {
    const accounts = ledger.funds[op.fund]!.accounts;
    return [
      line(op.cash ? accounts.cash : accounts.bank, 'debit', op.amount),
      line(accounts.donation_revenue, 'credit', op.amount),
    ];
  }
  if (op.op === 'disbursement') {
    const accounts = ledger.funds[op.fund]!.accounts;
    return [
      line(accounts.disbursement_expense, 'debit', op.amount),
      line(accounts.bank, 'credit', op.amount),
    ];
  }
  if (op.op === 'transfer') {
    const [from, to] = [ledger.funds[op.from]!, ledger.funds[op.to]!];
    if (op.from === op.to || from.currency !== to.currency) return null;
    return [
      line(from.accounts.transfers_out, 'debit', op.amount),
      line(from.accounts.bank, 'credit', op.amount),
      line(to.accounts.bank, 'debit', op.amount),
      line(to.accounts.transfers_in, 'credit', op.amount),
    ];
  }
  // A gift in both currencies to the province fund: each currency balances on its own.
  const accounts = ledger.funds[0]!.accounts;
  return [
    line(accounts.cash, 'debit', op.amountVnd),
    line(accounts.donation_revenue, 'credit', op.amountVnd),
    line(accounts.bank_usd, 'debit', op.cents),
    line(accounts.donation_revenue_usd, 'credit', op.cents),
  ];
}

const KINDS = {
  donation: 'donation',
  disbursement: 'disbursement',
  transfer: 'transfer',
  usd: 'donation',
} as const;
/** Refusals a random operation may meet: money that is not there (now or as of its date), a total too large. */
const EXPECTED_REFUSALS = new Set(['/problems/insufficient-funds', '/problems/account-total-limit']);

/** Runs the operations; returns the ids of the entries written, and of the reversals among them. */
async function runOps(
  ledger: Ledger,
  ops: Op[],
): Promise<{ entries: string[]; reversals: Map<string, string> }> {
  const entries: string[] = [];
  const dates = new Map<string, string>();
  const reversals = new Map<string, string>();
  for (const op of ops) {
    let response: Awaited<ReturnType<TestApi['post']>>;
    if (op.op === 'reverse') {
      const candidates = entries.filter((id) => !reversals.has(id) && ![...reversals.values()].includes(id));
      if (candidates.length === 0) continue;
      const original = candidates[op.pick % candidates.length]!;
      // A reversal may not be dated before its original.
      const date = [op.date, dates.get(original)!].sort()[1];
      response = await ledger.api.post(`/api/v1/entries/${original}/reverse`, {
        reason: 'Nhầm: ghi lại; sai số',
        date,
      });
      if (response.status === 201) reversals.set(original, response.body.id);
    } else {
      const postings = postingsOf(ledger, op);
      if (!postings) continue;
      response = await ledger.api.post('/api/v1/entries', {
        date: op.date,
        description: op.description,
        kind: KINDS[op.op],
        postings,
      });
    }
    if (response.status === 201) {
      entries.push(response.body.id);
      dates.set(response.body.id, response.body.date);
    } else expect(EXPECTED_REFUSALS.has(response.body.type), JSON.stringify(response.body)).toBe(true);
  }
  return { entries, reversals };
}

// — the comparison —

async function exportText(api: TestApi, query: string): Promise<string> {
  const response = await api.app.request(`/api/v1/export/hledger${query}`, {
    headers: { Authorization: `Bearer ${api.token}` },
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
  expect(text.endsWith(' entries\n')).toBe(true);
  return text;
}

async function trialBalanceRows(api: TestApi, query: string): Promise<Json[]> {
  const response = await api.get(`/api/v1/reports/trial-balance${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.rows as Json[];
}

/** The name each account must have, from the unit codes and fund labels written out in the test. */
function expectedName(ledger: Ledger, row: Json): string {
  const fund = ledger.funds.find((candidate) => candidate.id === row.fundId)!;
  const unitCode = ledger.units[fund.unit].code;
  const leaf = `${row.code} ${row.name}`.replaceAll(':', '-');
  return `${unitCode}:${ledger.labels.get(fund.id)}:${leaf}`;
}

/**
 * hledger check (strict: every account and commodity declared) passes, and hledger's balance of every
 * account equals the trial balance's debit − credit; accounts hledger shows are all in the trial balance.
 * Returns the number of non-zero balances compared.
 */
function expectBalancesEqual(ledger: Ledger, journal: string, rows: Json[], label: string): number {
  hledger(journal, ['check', '--strict']);
  const balances = hledgerBalances(journal);
  const names = new Set<string>();
  let nonZero = 0;
  for (const row of rows) {
    const name = expectedName(ledger, row);
    names.add(name);
    const net = BigInt(row.debit) - BigInt(row.credit);
    const shown = balances.get(name);
    if (net !== 0n) {
      nonZero += 1;
      expect(shown, `${label}: ${name}`).toEqual({ minor: net, currency: row.currency });
    } else if (shown) {
      expect(shown.minor, `${label}: ${name}`).toBe(0n);
    }
  }
  for (const name of balances.keys())
    expect(names.has(name), `${label}: ${name} is in the trial balance`).toBe(true);
  return nonZero;
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

describe('GET /api/v1/export/hledger on random ledgers', () => {
  it('passes hledger check and equals the trial balance for every scope and date range', async () => {
    let compared = 0;
    let reversalsSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 15, maxLength: 40 }), day, async (ops, cut) => {
        const env = await freshApi();
        try {
          const ledger = await buildLedger(env.api);
          const { entries, reversals } = await runOps(ledger, ops);
          const api = ledger.api;

          // Everything: the journal holds every entry, once, with its tags; balances equal the trial balance.
          const all = await exportText(api, '');
          compared += expectBalancesEqual(ledger, all, await trialBalanceRows(api, ''), 'all');
          const transactions = hledgerTransactions(all);
          expect([...transactions.keys()].sort()).toEqual([...entries].sort());
          for (const [original, reversal] of reversals) {
            expect(transactions.get(reversal)).toMatchObject({ kind: 'reversal', reverses: original });
            reversalsSeen += 1;
          }

          // One fund: its half of a transfer only; the same account names as in the whole export.
          for (const fund of [ledger.funds[0]!, ledger.funds[2]!]) {
            const text = await exportText(api, `?fundId=${fund.id}`);
            compared += expectBalancesEqual(
              ledger,
              text,
              await trialBalanceRows(api, `?fundId=${fund.id}`),
              'fund',
            );
          }

          // A unit subtree: the commune, its two funds and its village's fund.
          const unit = ledger.units.A.id;
          const subtree = await exportText(api, `?unitId=${unit}`);
          const subtreeRows = await trialBalanceRows(api, `?unitId=${unit}&descendants=true`);
          expect(new Set(subtreeRows.map((row) => row.fundId)).size).toBe(3);
          compared += expectBalancesEqual(ledger, subtree, subtreeRows, 'unit');

          // Dated through `cut`: the trial balance as of `cut`. Dated from `cut`: the movement since the day before.
          const through = await exportText(api, `?to=${cut}`);
          compared += expectBalancesEqual(ledger, through, await trialBalanceRows(api, `?asOf=${cut}`), 'to');
          const since = await exportText(api, `?unitId=${ledger.units.P.id}&from=${cut}`);
          const before = new Map(
            (
              await trialBalanceRows(
                api,
                `?unitId=${ledger.units.P.id}&descendants=true&asOf=${dayBefore(cut)}`,
              )
            ).map((row) => [row.accountId, BigInt(row.debit) - BigInt(row.credit)]),
          );
          const movement = (await trialBalanceRows(api, `?unitId=${ledger.units.P.id}&descendants=true`)).map(
            (row) => {
              const net = BigInt(row.debit) - BigInt(row.credit) - (before.get(row.accountId) ?? 0n);
              return { ...row, debit: String(net > 0n ? net : 0n), credit: String(net < 0n ? -net : 0n) };
            },
          );
          compared += expectBalancesEqual(ledger, since, movement, 'from');
        } finally {
          env.cleanup();
        }
      }),
      { seed: 20240912, numRuns: 6, endOnFailure: true },
    );
    // The runs compared real balances and met reversals, not empty ledgers.
    expect(compared).toBeGreaterThan(100);
    expect(reversalsSeen).toBeGreaterThan(0);
  }, 120_000);
});

describe('GET /api/v1/export/hledger', () => {
  let ledger: Ledger;
  let cleanup = () => {};
  beforeAll(async () => {
    const env = await freshApi();
    cleanup = env.cleanup;
    ledger = await buildLedger(env.api);
    const province = ledger.funds[0]!.accounts;
    const gift = await env.api.create('/api/v1/entries', {
      date: '2024-09-12',
      description: '*(Bão Yagi); ủng hộ',
      kind: 'donation',
      postings: [
        { accountId: province.bank, side: 'debit', amount: '1000000000000000' },
        { accountId: province.donation_revenue, side: 'credit', amount: '1000000000000000' },
        { accountId: province.bank_usd, side: 'debit', amount: '1250' },
        { accountId: province.donation_revenue_usd, side: 'credit', amount: '1250' },
      ],
    });
    await env.api.create(`/api/v1/entries/${gift.id}/reverse`, { reason: 'Ghi nhầm', date: '2024-09-13' });
  });
  afterAll(() => cleanup());

  it('writes the exact journal of a small ledger', async () => {
    const text = await exportText(ledger.api, `?fundId=${ledger.funds[0]!.id}`);
    const [gift, reversal] = (
      await ledger.api.client.execute('SELECT id FROM journal_entries ORDER BY seq')
    ).rows.map((row) => String(row.id));
    const label = 'LC:Quỹ "Vì người nghèo"- tỉnh Lai Châu, (2024) đợt #1';
    expect(text).toContain(
      [
        'decimal-mark .',
        '',
        'commodity 1000.00 USD',
        'commodity 1000. VND',
        '',
        `account ${label}:111 Tiền mặt (cash on hand)  ; type: A`,
      ].join('\n'),
    );
    expect(text).toContain(`account ${label}:112-USD Tiền gửi ngoại tệ- USD  ; type: A\n`);
    expect(text).toContain(`account ${label}:4319 Điều chuyển đi (transfers out)  ; type: E\n`);
    expect(text).toContain(`account ${label}:338 Phải trả khác (other payables)  ; type: L\n`);
    expect(text).toContain(`account ${label}:611 Chi hỗ trợ (support disbursed)  ; type: X\n`);
    expect(text).toContain(
      [
        `2024-09-12 (1) *(Bão Yagi), ủng hộ  ; entry:${gift}, seq:1, kind:donation`,
        `    ${label}:112 Tiền gửi ngân hàng, kho bạc (bank and treasury)  1000000000000000 VND`,
        `    ${label}:511 Thu ủng hộ, đóng góp (donations received)  -1000000000000000 VND`,
        `    ${label}:112-USD Tiền gửi ngoại tệ- USD  12.50 USD`,
        `    ${label}:511-USD Thu ủng hộ ngoại tệ  -12.50 USD`,
        '',
        `2024-09-13 (2) Reversal: Ghi nhầm  ; entry:${reversal}, seq:2, kind:reversal, reverses:${gift}`,
      ].join('\n'),
    );
    expect(text.split('\n').filter((line) => line.startsWith('account '))).toHaveLength(14);
    expect(text.endsWith('; end of export: 2 entries\n')).toBe(true);
    // hledger reads it back: every amount nets to zero after the reversal.
    const balances = hledgerBalances(text);
    expect(balances.size).toBe(4);
    for (const balance of balances.values()) expect(balance.minor).toBe(0n);
    const dated = hledgerBalances(
      await exportText(ledger.api, `?fundId=${ledger.funds[0]!.id}&to=2024-09-12`),
    );
    expect(dated.get(`${label}:112-USD Tiền gửi ngoại tệ- USD`)).toEqual({ minor: 1250n, currency: 'USD' });
  });

  it('exports nothing but the preamble for a range without entries, and refuses bad queries', async () => {
    const empty = await exportText(
      ledger.api,
      `?fundId=${ledger.funds[1]!.id}&from=2024-01-01&to=2024-12-31`,
    );
    expect(empty).not.toMatch(/^\d{4}-/m);
    expect(empty.endsWith('; end of export: 0 entries\n')).toBe(true);
    hledger(empty, ['check', '--strict']);
    // A fund and a unit it is not under: nothing in common, not even an account.
    const disjoint = await exportText(
      ledger.api,
      `?fundId=${ledger.funds[0]!.id}&unitId=${ledger.units.A.id}`,
    );
    expect(disjoint).not.toMatch(/^(account|commodity|\d{4}-)/m);
    expect(disjoint.endsWith('; end of export: 0 entries\n')).toBe(true);
    const api = ledger.api;
    expectProblem(
      await api.get('/api/v1/export/hledger?from=2024-02-01&to=2024-01-31'),
      'validation-failed',
      ['to'],
    );
    expectProblem(await api.get('/api/v1/export/hledger?from=2024-02-30'), 'validation-failed', ['from']);
    expectProblem(await api.get('/api/v1/export/hledger?to=hôm%20nay'), 'validation-failed', ['to']);
    expectProblem(
      await api.get('/api/v1/export/hledger?fundId=01900000-0000-7000-8000-000000000000'),
      'fund-not-found',
      ['fundId'],
    );
    expectProblem(
      await api.get('/api/v1/export/hledger?unitId=01900000-0000-7000-8000-000000000000'),
      'unit-not-found',
      ['unitId'],
    );
    // Malformed values of every parameter: a 4xx problem naming nothing internal, never a 5xx or a journal.
    for (const field of ['fundId', 'unitId', 'from', 'to']) {
      for (const value of [
        "'; DROP TABLE postings; --",
        'x'.repeat(100_000),
        '%00',
        '%ED%A0%80',
        '%E0%A4%A',
      ]) {
        const response = await api.app.request(`/api/v1/export/hledger?${field}=${value}`, {
          headers: { Authorization: `Bearer ${api.token}` },
        });
        const text = await response.text();
        expect(
          response.status,
          `${field}=${value.slice(0, 20)}: ${text.slice(0, 200)}`,
        ).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
        for (const leak of ['SQLITE', 'LibsqlError', '.ts:']) expect(text).not.toContain(leak);
      }
    }
  });

  it('is refused (403) out of scope and without a scope to all but global readers; an auditor may export', async () => {
    const api = ledger.api;
    const { units, funds } = ledger;
    const accountantB = api.as(
      (await createUserWithToken(api, 'hl-accountant', [{ unitId: units.B.id, role: 'accountant' }])).token,
    );
    expectProblem(await accountantB.get(`/api/v1/export/hledger?fundId=${funds[0]!.id}`), 'forbidden');
    expectProblem(await accountantB.get(`/api/v1/export/hledger?unitId=${units.P.id}`), 'forbidden');
    expectProblem(await accountantB.get(`/api/v1/export/hledger?unitId=${units.A.id}`), 'forbidden');
    expectProblem(await accountantB.get('/api/v1/export/hledger'), 'forbidden');
    const own = await exportText(accountantB, `?unitId=${units.B.id}`);
    expect(own).toContain('account NT:Quỹ cứu trợ (USD):111 Tiền mặt (cash on hand)  ; type: A\n');
    expect(own).toContain('commodity 1000.00 USD\n');
    expect(own).not.toContain('VND');
    const denied = await api.client.execute(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'export.hledger' AND outcome = 'denied'",
    );
    expect(Number(denied.rows[0]!.n)).toBe(4);

    const auditor = api.as(
      (await createUserWithToken(api, 'hl-auditor', [{ unitId: units.P.id, role: 'auditor' }])).token,
    );
    const audited = await exportText(auditor, `?unitId=${units.P.id}`);
    expect(audited).toBe(await exportText(api, `?unitId=${units.P.id}`));
    expect(await api.anonymous().get('/api/v1/export/hledger')).toMatchObject({ status: 401 });
  });
});

describe('soquy export hledger', () => {
  it('prints the same journal as the API, and refuses bad arguments', async () => {
    const database = await freshDatabase('file');
    try {
      const ledger = await buildLedger(new TestApi(database.client));
      await runOps(
        ledger,
        fc.sample(fc.array(opArb, { minLength: 20, maxLength: 20 }), { seed: 7, numRuns: 1 })[0]!,
      );
      // Each run starts tsx (seconds on a busy machine): the runs go in parallel.
      const soquy = (args: string[]) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
          execFile(
            process.execPath,
            ['bin/soquy.js', 'export', 'hledger', ...args],
            { env: { ...process.env, DATABASE_URL: database.url }, timeout: 60_000, maxBuffer: 64 << 20 },
            (error, stdout, stderr) => {
              if (error && typeof error.code !== 'number') reject(error);
              else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
            },
          );
        });
      const fund = ledger.funds[0]!.id;
      const unit = ledger.units.A.id;
      const [whole, scoped, badDate, unknownFund] = await Promise.all([
        soquy([]),
        soquy(['--fund', fund, '--unit', ledger.units.P.id, '--from', '2024-03-01', '--to', '2024-10-31']),
        soquy(['--unit', unit, '--from', '2024-02-30']),
        soquy(['--fund', '01900000-0000-7000-8000-000000000000']),
      ]);
      for (const [printed, query] of [
        [whole, ''],
        [scoped, `?fundId=${fund}&unitId=${ledger.units.P.id}&from=2024-03-01&to=2024-10-31`],
      ] as const) {
        expect(printed.stderr).toBe('');
        expect(printed.status).toBe(0);
        expect(printed.stdout).toBe(await exportText(ledger.api, query));
        expect(printed.stdout).toMatch(/^2024-\d{2}-\d{2} \(\d+\) /m);
      }
      expect(badDate.status).toBe(2);
      expect(badDate.stderr).toMatch(/--from must be a date written YYYY-MM-DD/);
      expect(badDate.stderr).toMatch(/usage: soquy export hledger/);
      expect(unknownFund.status).toBe(1);
      expect(unknownFund.stderr).toMatch(/There is no fund/);
      expect(unknownFund.stdout).toBe('');
    } finally {
      database.cleanup();
    }
  }, 60_000);
});
