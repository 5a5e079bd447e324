import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/web/public/messages.ts';
import { demoApp } from '../support/public-site.ts';

/**
 * The public pages over HTTP, without a browser: caching headers and revalidation, the language rules,
 * the language switch's redirect (never off-site), error pages, and markup that the CSP allows (no
 * inline script or style).
 */

type Demo = Awaited<ReturnType<typeof demoApp>>;

describe('public pages', () => {
  let demo: Demo;
  let poorFund: string;
  let reliefFund: string;
  let campaign: string;

  const id = async (sql: string) => String((await demo.client.execute(sql)).rows[0]![0]);

  beforeAll(async () => {
    demo = await demoApp();
    poorFund = await id(`SELECT id FROM funds WHERE name = 'Quỹ "Vì người nghèo" tỉnh Lai Châu'`);
    reliefFund = await id("SELECT fund_id FROM campaigns WHERE payment_code_prefix = 'YAGI'");
    campaign = await id("SELECT id FROM campaigns WHERE payment_code_prefix = 'YAGI'");
  });
  afterAll(() => demo.cleanup());

  const get = (path: string, headers: Record<string, string> = {}) => demo.app.request(path, { headers });

  it('serves every page as cacheable HTML with an ETag, and answers a revalidation with 304', async () => {
    for (const path of [
      '/',
      `/funds/${poorFund}`,
      `/funds/${poorFund}/donations`,
      '/trace',
      `/campaigns/${campaign}/donations`,
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html; charset=utf-8/i);
      expect(response.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
      expect(response.headers.get('Vary')).toContain('Cookie');
      const etag = response.headers.get('ETag');
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const html = await response.text();
      // The CSP allows only the site's own scripts and styles: the pages carry none inline.
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(html).toContain('<link rel="stylesheet" href="/assets/public.css"/>');
      const again = await get(path, { 'If-None-Match': etag! });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('serves its stylesheet and icon from /assets', async () => {
    const css = await get('/assets/public.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain(':focus-visible');
    expect((await get('/assets/favicon.svg')).headers.get('Content-Type')).toBe('image/svg+xml');
  });

  it('is Vietnamese by default, English with ?lang=en, and every link keeps the language', async () => {
    const vi = await (await get(`/funds/${poorFund}`)).text();
    expect(vi).toContain('<html lang="vi">');
    expect(vi).toContain(MESSAGES.vi.byCategory);
    const en = await (await get(`/funds/${poorFund}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(MESSAGES.en.byCategory);
    const links = [...en.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    const pageLinks = links.filter(
      (link) => !link.startsWith('/api/') && !link.startsWith('/assets/') && !link.startsWith('/lang/'),
    );
    expect(pageLinks.length).toBeGreaterThan(3);
    for (const link of pageLinks) expect(link, link).toMatch(/[?&]lang=en(&|$)/);
    // Forms carry it too.
    expect(await (await get(`/funds/${poorFund}/donations?lang=en`)).text()).toContain(
      '<input type="hidden" name="lang" value="en"/>',
    );
  });

  it('remembers the choice: the switch sets a cookie and a bare URL then redirects to its English form', async () => {
    const next = `/funds/${poorFund}/donations?q=dien+luc`;
    const switched = await get(`/lang/en?next=${encodeURIComponent(next)}`);
    expect(switched.status).toBe(303);
    expect(switched.headers.get('Location')).toBe(`${next}&lang=en`);
    expect(switched.headers.get('Set-Cookie')).toMatch(
      /^soquy_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect(switched.headers.get('Cache-Control')).toBe('no-store');

    const bare = await get(next, { Cookie: 'soquy_lang=en' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('Location')).toBe(`${next}&lang=en`);
    expect(bare.headers.get('Cache-Control')).toBe('private, no-store');
    // An explicit language wins over the cookie.
    expect((await get(`${next}&lang=vi`, { Cookie: 'soquy_lang=en' })).status).toBe(200);

    const back = await get(`/lang/vi?next=${encodeURIComponent(`${next}&lang=en`)}`);
    expect(back.headers.get('Location')).toBe(next);
  });

  it('never redirects off the site', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      const response = await get(`/lang/en?next=${encodeURIComponent(next)}`);
      expect(response.status, next).toBe(303);
      expect(response.headers.get('Location'), next).toBe('/?lang=en');
    }
    expect((await get('/lang/fr?next=%2Ftrace')).headers.get('Location')).toBe('/trace');
  });

  it('answers an unknown fund, project or campaign with a 404 page, and an unreadable link with a 422 page', async () => {
    for (const path of [
      '/funds/01900000-0000-7000-8000-000000000000',
      '/funds/01900000-0000-7000-8000-000000000000/donations',
      '/funds/nope/disbursements',
      '/campaigns/nope/donations',
      '/projects/nope?lang=en',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).toContain(path.endsWith('en') ? MESSAGES.en.notFoundTitle : MESSAGES.vi.notFoundTitle);
    }
    const stale = await get('/?cursor=not-a-cursor');
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain(MESSAGES.vi.invalidLinkTitle);
  });

  it('shows a search it cannot run as the form with its problems in its language (422), without downloads', async () => {
    const response = await get(`/funds/${poorFund}/donations?amount=12x&from=2024-13-01`);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(
      `<li data-field="amount">${MESSAGES.vi.amountExact}: ${MESSAGES.vi.errorAmount}</li>`,
    );
    expect(html).toContain(`<li data-field="from">${MESSAGES.vi.dateFrom}: ${MESSAGES.vi.errorDate}</li>`);
    expect(html).not.toContain('class="download csv"');
    // A name too short to search is refused by the read model; the page says so in English too.
    const short = await get(`/funds/${poorFund}/donations?q=a&lang=en`);
    expect(short.status).toBe(422);
    expect(await short.text()).toContain(
      `<li data-field="q">${MESSAGES.en.nameFragment}: ${MESSAGES.en.errorText3}</li>`,
    );
  });

  it('searches by exact amount, range and dates, sorts, pages by keyset, and links CSV and JSON with the same filters', async () => {
    const exact = await (await get(`/funds/${poorFund}/donations?amount=70000000`)).text();
    expect(exact).toContain('Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh');
    expect(exact.match(/<tr>/g)?.length).toBe(2);
    expect(exact).toContain(
      `/api/v1/public/funds/${poorFund}/donations.csv?amountMin=70000000&amp;amountMax=70000000`,
    );

    const range = await (
      await get(
        `/funds/${poorFund}/donations?amountMin=1000000&amountMax=100000000&from=2024-02-01&to=2024-12-31&sort=amount_asc`,
      )
    ).text();
    const amounts = [...range.matchAll(/data-amount="(\d+)"/g)].map((match) => Number(match[1]));
    expect(amounts).toEqual([2_000_000, 70_000_000]);

    const first = await (await get(`/funds/${reliefFund}/donations?sort=amount_desc`)).text();
    expect(first).toContain('Nhà hảo tâm ẩn danh');
    // A campaign's sao kê holds its gifts only.
    const byCampaign = await (await get(`/campaigns/${campaign}/donations`)).text();
    expect(byCampaign).toContain('Công ty Điện lực Lai Châu');
    expect(byCampaign).toContain(`campaignId=${campaign}`);
  });

  it("shows the fund's disclosure notices with due dates, overdue ones marked", async () => {
    const html = await (await get(`/funds/${reliefFund}?year=2024`)).text();
    expect(html).toContain('<table class="notices">');
    expect(html).toContain('Tổng số tiền đã tiếp nhận');
    expect(html).toContain('15/12/2024'); // 15 days after the receiving window closed on 30/11/2024
    expect(html).toContain('<span class="badge bad">Quá hạn, chưa công khai</span>');
    expect(html).toContain('<svg class="chart"');
  });

  it('traces a gift by bank reference, and says so when a number is unknown (404)', async () => {
    const found = await get('/trace?q=FT24080000000012');
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain('Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én');
    expect(html).toContain('/api/v1/public/trace?bankRef=FT24080000000012');
    // Typed in small letters, as people do.
    expect((await get('/trace?q=ft24080000000012')).status).toBe(200);
    const missing = await get('/trace?q=PT-LCH-2099-000001&lang=en');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(MESSAGES.en.traceNotFound);
  });
});
