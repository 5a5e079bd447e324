import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/domain/donations.ts';
import { MESSAGES } from '../../src/web/public/messages.ts';
import { privateValues } from '../support/public-privacy.ts';
import { demoApp } from '../support/public-site.ts';

/**
 * The privacy test of test/api/public-privacy.test.ts, extended to the public site's pages: every page
 * for the Lai Châu demo (which plants private data on purpose), in both languages, every year with
 * figures, every page of every sao kê, every project, campaign and trace, is scanned for every private
 * value read from the database — and a name search for an anonymous donor finds nothing.
 */

type Demo = Awaited<ReturnType<typeof demoApp>>;

async function column(demo: Demo, sql: string): Promise<string[]> {
  return (await demo.client.execute(sql)).rows.map((row) => String(Object.values(row)[0]));
}

/** The rows of a sao kê results table in a page (0 when the page shows none). */
function resultRows(html: string): number {
  const table = /<table class="donations">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return body.split('<tr').length - 1;
}

/** The next-page link of a list page, if any. */
function nextLink(html: string): string | null {
  const match = /<a rel="next" href="([^"]+)"/.exec(html);
  return match ? match[1]!.replaceAll('&amp;', '&') : null;
}

/** How a query string carries a value (URLSearchParams: spaces as `+`). */
function queryEncoded(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

/** How hono/jsx writes a text attribute. */
function attribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

async function* publicPages(
  demo: Demo,
  searches: string[],
): AsyncGenerator<{ path: string; status: number; html: string }> {
  /** `echo`: what the visitor typed, which the search form shows back to them (theirs, not the database's). */
  const get = async (path: string, echo?: string) => {
    const response = await demo.app.request(path);
    let html = await response.text();
    if (echo) {
      // In the form's field, in the links that keep the filters (next page, CSV and JSON), and in the
      // language switch's way back (encoded once more).
      const encoded = queryEncoded(echo);
      html = html
        .replaceAll(`value="${attribute(echo)}"`, 'value=""')
        .replaceAll(`q=${encoded}`, 'q=')
        .replaceAll(`q%3D${queryEncoded(encoded)}`, 'q%3D');
    }
    return { path, status: response.status, html };
  };
  const years = await column(demo, 'SELECT DISTINCT substr(entry_date, 1, 4) FROM journal_entries');
  const funds = await column(demo, 'SELECT id FROM funds');
  const campaigns = await column(demo, 'SELECT id FROM campaigns');
  const projects = await column(demo, 'SELECT id FROM projects');
  const receipts = await column(demo, 'SELECT receipt_no FROM donations');
  const bankRefs = await column(demo, 'SELECT bank_ref FROM donations WHERE bank_ref IS NOT NULL');
  for (const lang of ['vi', 'en']) {
    yield await get(`/?lang=${lang}`);
    for (const year of years) yield await get(`/?lang=${lang}&year=${year}`);
    for (const fundId of funds) {
      yield await get(`/funds/${fundId}?lang=${lang}`);
      for (const year of years) yield await get(`/funds/${fundId}?lang=${lang}&year=${year}`);
      for (const sort of ['date_desc', 'amount_asc']) {
        let path: string | null = `/funds/${fundId}/donations?lang=${lang}&sort=${sort}`;
        while (path) {
          const page = await get(path);
          yield page;
          path = nextLink(page.html);
        }
      }
      yield await get(`/funds/${fundId}/disbursements?lang=${lang}`);
    }
    for (const campaignId of campaigns) yield await get(`/campaigns/${campaignId}/donations?lang=${lang}`);
    for (const projectId of projects) yield await get(`/projects/${projectId}?lang=${lang}`);
    for (const receipt of receipts) yield await get(`/trace?lang=${lang}&q=${encodeURIComponent(receipt)}`);
    for (const bankRef of bankRefs) yield await get(`/trace?lang=${lang}&q=${encodeURIComponent(bankRef)}`);
  }
  for (const fundId of funds) {
    for (const search of searches) {
      yield await get(`/funds/${fundId}/donations?q=${encodeURIComponent(search)}`, search);
    }
  }
  for (const campaignId of campaigns) {
    for (const search of searches) {
      yield await get(`/campaigns/${campaignId}/donations?q=${encodeURIComponent(search)}`, search);
    }
  }
}

describe('privacy of the public pages over the Lai Châu demo', () => {
  let demo: Demo;
  let secrets: string[];

  beforeAll(async () => {
    demo = await demoApp();
    secrets = await privateValues(demo.client);
  });
  afterAll(() => demo.cleanup());

  it('lets no private value into any page, in either language', async () => {
    expect(secrets).toEqual(expect.arrayContaining(['Lò Văn Quang', '012078004512', 'Trần Thị Hạnh']));
    const searches = [...new Set([...secrets, ...secrets.map(foldForSearch)])].filter(
      (value) => value.length >= 3,
    );
    let pages = 0;
    for await (const page of publicPages(demo, searches)) {
      pages += 1;
      expect(page.status, `${page.path} → ${page.html.slice(0, 300)}`).toBeLessThan(500);
      const folded = foldForSearch(page.html);
      for (const secret of secrets) {
        expect(page.html.includes(secret), `${page.path} shows "${secret}"`).toBe(false);
        const foldedSecret = foldForSearch(secret);
        if (foldedSecret.length >= 6) {
          expect(folded.includes(foldedSecret), `${page.path} shows "${foldedSecret}"`).toBe(false);
        }
      }
    }
    expect(pages).toBeGreaterThan(150);
  }, 180_000);

  it("finds nothing when the sao kê is searched for an anonymous donor's name, yet lists the gift as anonymous", async () => {
    const hidden = await column(
      demo,
      `SELECT DISTINCT o.name || char(9) || d.fund_id FROM donors o JOIN donations d ON d.donor_id = o.id
        WHERE d.disclosure <> 'public'`,
    );
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    for (const row of hidden) {
      const [name, fundId] = row.split('\t') as [string, string];
      for (const query of [name, foldForSearch(name), foldForSearch(name).split(' ').slice(-2).join(' ')]) {
        for (const lang of ['vi', 'en'] as const) {
          const response = await demo.app.request(
            `/funds/${fundId}/donations?lang=${lang}&q=${encodeURIComponent(query)}`,
          );
          const html = await response.text();
          expect(response.status, query).toBe(200);
          expect(resultRows(html), `${query} found a gift`).toBe(0);
          expect(html).toContain(MESSAGES[lang].noResults);
        }
      }
      // The gift itself is still in the fund's sao kê, as anonymous, with its amount.
      const all = await (await demo.app.request(`/funds/${fundId}/donations`)).text();
      expect(all).toContain('<span class="anonymous">Nhà hảo tâm ẩn danh</span>');
    }
  });
});
