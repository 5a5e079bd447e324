import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PublicDonationQuery,
  type PublicDonationView,
  searchPublicDonations,
} from '../../src/capabilities/public-donations.ts';
import { PublicStore } from '../../src/db/public-store.ts';
import { foldForSearch } from '../../src/domain/donations.ts';
import { maskBankRef } from '../../src/domain/public-disclosure.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem } from '../support/ledger.ts';

/**
 * The public sao kê search against an independent model of its rules: every valid gift of the fund,
 * a name fragment matching only donors who chose to be named (accents and case aside), a reference by
 * suffix, amounts and dates inclusive, four sort orders, keyset pages without duplicates or gaps. The
 * model is run with the store's thresholds lowered so that every plan (a small set read whole, a walk
 * of the index, a walk cut at its window with a short page) is reached on a few hundred gifts.
 */
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đặng', 'Võ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Ngọc'];
const GIVEN = ['An', 'A', 'Anh', 'Hạnh', 'Quang', 'Xuân', 'Đông', 'Bình'];
const AMOUNTS = ['50000', '100000', '200000', '500000', '1000000', '2000000', '123456'];
const DISCLOSURES = ['public', 'public', 'anonymous', 'on_request'] as const;

interface ModelGift {
  order: number;
  receiptNo: string;
  receivedOn: string;
  amount: bigint;
  name: string;
  disclosure: string;
  bankRef: string | null;
  campaignId: string | null;
  valid: boolean;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('public sao kê search', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fund: Json;
  let otherFund: Json;
  let campaign: Json;
  const model: ModelGift[] = [];

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    ({ fund } = await provinceWithFund(api));
    otherFund = await api.create('/api/v1/funds', { unitId: fund.unitId, kind: 'other', name: 'Quỹ khác' });
    campaign = await api.create('/api/v1/campaigns', {
      fundId: fund.id,
      name: 'Ủng hộ đồng bào bị bão số 3',
      purpose: 'Khắc phục hậu quả bão',
      receivingFrom: '2024-09-01',
      receivingTo: '2024-10-30',
      distributionDeadline: '2024-11-15',
      paymentCodePrefix: 'PUBS',
    });
    const next = random(20240912);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const rows: Json[] = [];
    for (let index = 0; index < 420; index += 1) {
      const name = `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
      const day = String(1 + Math.floor(next() * 20)).padStart(2, '0');
      const withRef = next() < 0.8;
      rows.push({
        fundId: fund.id,
        campaignId: next() < 0.5 ? campaign.id : null,
        amount: pick(AMOUNTS),
        currency: 'VND',
        receivedOn: `2024-09-${day}`,
        channel: withRef ? 'bank_transfer' : 'cash',
        donor: { kind: 'individual', name: `${name} ${index}` },
        disclosure: pick(DISCLOSURES),
        ...(withRef ? { bankRef: `FT2425${String(900000 + index * 7).padStart(10, '0')}` } : {}),
      });
    }
    // Two gifts the hand-written cases below name.
    rows.push(
      {
        fundId: fund.id,
        amount: '5000000',
        currency: 'VND',
        receivedOn: '2024-09-19',
        channel: 'bank_transfer',
        donor: { kind: 'individual', name: 'Trần Thị Hạnh' },
        disclosure: 'anonymous',
        bankRef: 'FT24263041614260',
      },
      {
        fundId: fund.id,
        amount: '300000',
        currency: 'VND',
        receivedOn: '2024-09-19',
        channel: 'bank_transfer',
        donor: { kind: 'individual', name: 'Nguyễn Văn A' },
        disclosure: 'public',
        bankRef: 'FT24263099999999',
      },
    );
    const recorded = await api.create('/api/v1/donations/batch', { donations: rows });
    for (const [order, item] of (recorded.items as Json[]).entries()) {
      model.push({
        order,
        receiptNo: item.receiptNo,
        receivedOn: item.receivedOn,
        amount: BigInt(item.amount),
        name: item.donor.name,
        disclosure: item.disclosure,
        bankRef: item.bankRef,
        campaignId: item.campaignId,
        valid: true,
      });
    }
    // A gift of another fund, named like the others: never in this fund's sao kê.
    await api.create('/api/v1/donations', {
      fundId: otherFund.id,
      amount: '100000',
      currency: 'VND',
      receivedOn: '2024-09-05',
      channel: 'cash',
      donor: { kind: 'individual', name: 'Nguyễn Văn An' },
      disclosure: 'public',
    });
    // Voided gifts are not money received: they leave the sao kê.
    for (const gift of (recorded.items as Json[]).slice(10, 14)) {
      const voided = await api.post(`/api/v1/donations/${gift.id}/void`, { reason: 'Ghi nhầm' });
      expect(voided.status).toBe(200);
      model.find((entry) => entry.receiptNo === gift.receiptNo)!.valid = false;
    }
  });
  afterAll(() => cleanup());

  function expected(query: Omit<PublicDonationQuery, 'fundId'>): string[] {
    const fragment = query.q ? foldForSearch(query.q) : null;
    const ref = query.ref ? query.ref.trim().toUpperCase() : null;
    const sort = query.sort ?? 'date_desc';
    return model
      .filter(
        (gift) =>
          gift.valid &&
          (fragment === null ||
            (gift.disclosure === 'public' && ` ${foldForSearch(gift.name)}`.includes(` ${fragment}`))) &&
          (ref === null ||
            (ref.length >= 6
              ? (gift.bankRef?.toUpperCase().endsWith(ref) ?? false)
              : gift.bankRef?.toUpperCase() === ref)) &&
          (query.amountMin == null || gift.amount >= query.amountMin) &&
          (query.amountMax == null || gift.amount <= query.amountMax) &&
          (!query.from || gift.receivedOn >= query.from) &&
          (!query.to || gift.receivedOn <= query.to) &&
          (!query.campaignId || gift.campaignId === query.campaignId),
      )
      .sort((left, right) => {
        const byDate = left.receivedOn.localeCompare(right.receivedOn) || left.order - right.order;
        const byAmount = left.amount === right.amount ? byDate : left.amount < right.amount ? -1 : 1;
        if (sort === 'date_asc') return byDate;
        if (sort === 'date_desc') return -byDate;
        return sort === 'amount_asc' ? byAmount : -byAmount;
      })
      .map((gift) => gift.receiptNo);
  }

  async function allPages(
    store: PublicStore,
    query: Omit<PublicDonationQuery, 'fundId'>,
    limit: number,
  ): Promise<{ receipts: string[]; pages: number; shortPages: number }> {
    const receipts: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let shortPages = 0;
    do {
      const page = await searchPublicDonations({ store }, { ...query, fundId: fund.id, cursor, limit });
      receipts.push(...page.items.map((item) => item.receiptNo));
      if (page.nextCursor && page.items.length < limit) shortPages += 1;
      cursor = page.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(2_000);
    } while (cursor);
    return { receipts, pages, shortPages };
  }

  const QUERIES: Omit<PublicDonationQuery, 'fundId'>[] = [
    {},
    { q: 'nguyen van a' },
    { q: 'NGUYỄN' },
    { q: 'dang duc' },
    { q: 'Xuân' },
    { q: 'hanh' },
    { q: 'van a' },
    { q: 'ngoc, a' },
    { ref: '614260' },
    { ref: 'ft2426309999999' },
    { ref: 'A614260' },
    { ref: 'ft2425' },
    { ref: '0000900007' },
    { amountMin: 500_000n, amountMax: 500_000n },
    { amountMin: 100_000n, amountMax: 1_000_000n },
    { amountMin: 1_000_000n },
    { from: '2024-09-05', to: '2024-09-05' },
    { from: '2024-09-10' },
    { to: '2024-09-03' },
  ];
  const SORTS = ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const;

  it('answers every query and sort exactly as the model, page after page, with every plan', async () => {
    const tunings = [
      { quickRows: 2_000, amountsPerStep: 200, amountSteps: 10, setMax: 5_000, windowRows: 25_000 },
      { quickRows: 10, amountsPerStep: 1, amountSteps: 3, setMax: 12, windowRows: 40 },
      { quickRows: 3, amountsPerStep: 1, amountSteps: 3, setMax: 1, windowRows: 9 },
      { quickRows: 1, amountsPerStep: 2, amountSteps: 2, setMax: 60, windowRows: 200 },
    ];
    const next = random(7);
    let shortPages = 0;
    for (const tuning of tunings) {
      const store = new PublicStore(api.client, tuning);
      const queries = [...QUERIES];
      // Combinations of two or three filters, drawn at random.
      for (let index = 0; index < 12; index += 1) {
        const [a, b, c] = [
          QUERIES[1 + Math.floor(next() * (QUERIES.length - 1))]!,
          QUERIES[1 + Math.floor(next() * (QUERIES.length - 1))]!,
          {
            campaignId: campaign.id,
          },
        ];
        const combined: Omit<PublicDonationQuery, 'fundId'> =
          next() < 0.5 ? { ...a, ...b } : { ...a, ...b, ...c };
        const inverted =
          (combined.amountMin != null &&
            combined.amountMax != null &&
            combined.amountMin > combined.amountMax) ||
          (combined.from != null && combined.to != null && combined.from > combined.to);
        if (!inverted) queries.push(combined);
      }
      for (const query of queries) {
        const sort = SORTS[Math.floor(next() * SORTS.length)]!;
        const limit = 3 + Math.floor(next() * 40);
        const result = await allPages(store, { ...query, sort }, limit);
        const label = JSON.stringify({ tuning, query, sort, limit }, (_, value) =>
          typeof value === 'bigint' ? value.toString() : value,
        );
        expect(result.receipts, label).toEqual(expected({ ...query, sort }));
        expect(new Set(result.receipts).size, label).toBe(result.receipts.length);
        shortPages += result.shortPages;
      }
    }
    // The lowest window really did cut walks short (and the model still matched).
    expect(shortPages).toBeGreaterThan(0);
  }, 120_000);

  it('finds "Nguyễn Văn A" by "nguyen van a", accents and case aside, over HTTP', async () => {
    for (const q of ['nguyen van a', 'NGUYEN VAN A', 'Nguyễn Văn A', 'nguyễn   văn a']) {
      const response = await api
        .anonymous()
        .get(`/api/v1/public/funds/${fund.id}/donations?q=${encodeURIComponent(q)}&limit=500`);
      expect(response.status).toBe(200);
      const donors = (response.body.items as Json[]).map((item) => item.donor as string);
      expect(donors).toContain('Nguyễn Văn A');
      expect(donors.every((donor) => foldForSearch(donor).includes('nguyen van a'))).toBe(true);
      expect(response.body.items).toHaveLength(expected({ q }).length);
    }
  });

  it('never finds an anonymous or on-request donor by name, but lists the gift as anonymous with its amount', async () => {
    const byName = await api.get(
      `/api/v1/public/funds/${fund.id}/donations?q=${encodeURIComponent('trần thị hạnh')}&limit=500`,
    );
    expect(byName.status).toBe(200);
    expect((byName.body.items as Json[]).some((item) => item.amount === '5000000')).toBe(false);
    expect(JSON.stringify(byName.body)).not.toContain('Hạnh"');
    // Every hidden name in the fund: no fragment of it finds its gift.
    for (const gift of model.filter((entry) => entry.disclosure !== 'public').slice(0, 25)) {
      const fragment = gift.name.split(' ').slice(0, 3).join(' ');
      const found = await api.get(
        `/api/v1/public/funds/${fund.id}/donations?q=${encodeURIComponent(gift.name)}&limit=500`,
      );
      expect(found.body.items.map((item: Json) => item.receiptNo)).not.toContain(gift.receiptNo);
      expect(fragment.length).toBeGreaterThan(3);
    }
    const byRef = await api.get(`/api/v1/public/funds/${fund.id}/donations?ref=614260`);
    expect(byRef.body.items).toEqual([
      expect.objectContaining({
        donor: 'Nhà hảo tâm ẩn danh',
        anonymous: true,
        amount: '5000000',
        bankRef: 'FT2426…614260',
        receivedOn: '2024-09-19',
        channel: 'bank_transfer',
      }),
    ]);
  });

  it('masks bank references as banks do, and searches them by exact value or suffix', async () => {
    expect(maskBankRef('FT24260341614260')).toBe('FT2426…614260');
    expect(maskBankRef('0971095123')).toBe('…095123');
    expect(maskBankRef('MOMO12345678')).toBe('MO…345678');
    expect(maskBankRef('ABCDEFGH')).toBe('…EFGH');
    expect(maskBankRef('ABCD')).toBe('…');
    const exact = await api.get(`/api/v1/public/funds/${fund.id}/donations?ref=FT24263099999999`);
    expect(exact.body.items.map((item: Json) => item.donor)).toEqual(['Nguyễn Văn A']);
    expect(exact.body.items[0].bankRef).toBe('FT2426…999999');
    const lower = await api.get(`/api/v1/public/funds/${fund.id}/donations?ref=ft24263099999999`);
    expect(lower.body.items).toEqual(exact.body.items);
    const all = await api.get(`/api/v1/public/funds/${fund.id}/donations?limit=500`);
    for (const item of all.body.items as Json[]) {
      if (item.bankRef !== null) expect(item.bankRef).toMatch(/^.{0,6}….{0,6}$/);
    }
  });

  it('keeps voided gifts and other funds out of the list', async () => {
    const all = await allPages(new PublicStore(api.client), {}, 500);
    expect(all.receipts).toHaveLength(model.filter((gift) => gift.valid).length);
    for (const gift of model.filter((entry) => !entry.valid))
      expect(all.receipts).not.toContain(gift.receiptNo);
  });

  it('pages by keyset: the cursor carries the sort, and a wrong one is refused', async () => {
    const first = await api.get(`/api/v1/public/funds/${fund.id}/donations?limit=5&sort=amount_desc`);
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items[0].amount).toBe('5000000');
    const other = await api.get(
      `/api/v1/public/funds/${fund.id}/donations?limit=5&sort=date_desc&cursor=${first.body.nextCursor}`,
    );
    expectProblem(other, 'validation-failed');
    expectProblem(
      await api.get(`/api/v1/public/funds/${fund.id}/donations?cursor=bm9wZQ`),
      'validation-failed',
    );
  });

  it('refuses what it cannot search: short fragments, inverted ranges, a campaign of another fund', async () => {
    const base = `/api/v1/public/funds/${fund.id}/donations`;
    expectProblem(await api.get(`${base}?q=an`), 'validation-failed');
    expectProblem(await api.get(`${base}?ref=12`), 'validation-failed');
    expectProblem(await api.get(`${base}?amountMin=500&amountMax=100`), 'validation-failed');
    expectProblem(await api.get(`${base}?amountMin=-5`), 'validation-failed');
    expectProblem(await api.get(`${base}?from=2024-09-10&to=2024-09-01`), 'validation-failed');
    expectProblem(await api.get(`${base}?sort=name`), 'validation-failed');
    expectProblem(
      await api.get(`/api/v1/public/funds/${otherFund.id}/donations?campaignId=${campaign.id}`),
      'validation-failed',
    );
    expectProblem(await api.get('/api/v1/public/funds/no-such-fund/donations'), 'not-found');
    // An empty parameter, as an unfilled form field sends it, is no filter.
    const empty = await api.get(`${base}?q=&ref=&amountMin=&from=&limit=3`);
    expect(empty.status).toBe(200);
    expect(empty.body.items).toHaveLength(3);
  });

  it('downloads the same list as CSV: BOM, header, one row per gift, the same filters, streamed', async () => {
    for (const path of [
      `/api/v1/public/funds/${fund.id}/donations?format=csv&amountMin=1000000&sort=date_asc`,
      `/api/v1/public/funds/${fund.id}/donations.csv?amountMin=1000000&sort=date_asc`,
    ]) {
      const response = await api.app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="sao-ke-.+\.csv"$/);
      expect(response.body).toBeInstanceOf(ReadableStream);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
      expect(lines[0]).toBe(
        'Ngày nhận,Số tiền,Loại tiền,Hình thức,Nhà hảo tâm,Số tham chiếu,Đợt vận động,Số biên nhận,Mục đích chỉ định',
      );
      expect(lines.at(-1)).toBe('');
      const rows = lines.slice(1, -1);
      const receipts = expected({ amountMin: 1_000_000n, sort: 'date_asc' });
      expect(rows).toHaveLength(receipts.length);
      expect(rows.map((row) => row.split(',')[7])).toEqual(receipts);
      const anonymous = rows.find((row) => row.includes('614260'))!;
      expect(anonymous).toBe(
        `2024-09-19,5000000,VND,Chuyển khoản,Nhà hảo tâm ẩn danh,FT2426…614260,,${model.find((gift) => gift.bankRef === 'FT24263041614260')!.receiptNo},`,
      );
    }
    expectProblem(await api.get(`/api/v1/public/funds/${fund.id}/donations.csv?q=ab`), 'validation-failed');
  });

  it('keeps a spreadsheet from running a donor name as a formula', async () => {
    const gift = await api.create('/api/v1/donations', {
      fundId: otherFund.id,
      amount: '10000',
      currency: 'VND',
      receivedOn: '2024-09-06',
      channel: 'cash',
      donor: { kind: 'individual', name: '=HYPERLINK("http://x.example","Bấm vào")' },
      disclosure: 'public',
    });
    const response = await api.app.request(`/api/v1/public/funds/${otherFund.id}/donations.csv`);
    const text = await response.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""Bấm vào"")"`);
    expect(text).toContain(gift.receiptNo);
  });

  it('shows each gift through the allow-list only', async () => {
    const page = await searchPublicDonations(
      { store: new PublicStore(api.client) },
      { fundId: fund.id, limit: 500 },
    );
    const keys: (keyof PublicDonationView)[] = [
      'receiptNo',
      'receivedOn',
      'amount',
      'currency',
      'channel',
      'donor',
      'anonymous',
      'bankRef',
      'campaign',
      'earmark',
      'inKind',
    ];
    for (const item of page.items) expect(Object.keys(item).sort()).toEqual([...keys].sort());
    const named = page.items.filter((item) => !item.anonymous);
    const hidden = page.items.filter((item) => item.anonymous);
    expect(named.length + hidden.length).toBe(page.items.length);
    expect(hidden.every((item) => item.donor === 'Nhà hảo tâm ẩn danh')).toBe(true);
    const campaignGift = page.items.find((item) => item.campaign !== null)!;
    expect(campaignGift.campaign).toEqual({ id: campaign.id, name: 'Ủng hộ đồng bào bị bão số 3' });
  });
});
