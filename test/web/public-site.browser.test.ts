import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite } from '../support/public-site.ts';

/**
 * The public site in a real browser: Debian's chromium driven by playwright-core, against the real app
 * served over HTTP on a random port with a fresh database holding the Lai Châu demo. One browser for the
 * whole file; the steps run in order, as a donor would click through. Screenshots of every page land in
 * test-artifacts/public-site/ (git-ignored).
 */

const CHROMIUM = process.env.SOQUY_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'public-site');
const STEP_TIMEOUT_MS = 60_000;

let site: Awaited<ReturnType<typeof serveDemoSite>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleProblems: string[] = [];

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Cheap accessibility checks on the page as rendered: a language, one h1, a label for every form field,
 * alt text for every image, a name for every SVG image, link and button, no positive tabindex, and a skip
 * link to the main content that is the first thing the keyboard reaches.
 */
async function expectAccessible(expectedLang: 'vi' | 'en'): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const lang = document.documentElement.getAttribute('lang');
    if (!lang) found.push('<html> has no lang');
    if (document.querySelectorAll('h1').length !== 1) found.push('not exactly one h1');
    if (!document.querySelector('main#main')) found.push('no main#main');
    const fields = document.querySelectorAll('input:not([type="hidden"]), select, textarea');
    for (const field of Array.from(fields)) {
      const id = field.getAttribute('id');
      const labelled =
        (id && document.querySelector(`label[for="${CSS.escape(id)}"]`)) ||
        field.closest('label') ||
        field.getAttribute('aria-label') ||
        field.getAttribute('aria-labelledby');
      if (!labelled) found.push(`field ${field.getAttribute('name')} has no label`);
    }
    for (const image of Array.from(document.querySelectorAll('img'))) {
      if (!image.hasAttribute('alt')) found.push(`img ${image.getAttribute('src')} has no alt`);
    }
    for (const svg of Array.from(document.querySelectorAll('svg'))) {
      const named = svg.getAttribute('aria-labelledby') || svg.getAttribute('aria-label');
      if (svg.getAttribute('aria-hidden') !== 'true' && !(svg.getAttribute('role') === 'img' && named)) {
        found.push('svg without role="img" and a name');
      }
    }
    for (const control of Array.from(document.querySelectorAll('a, button'))) {
      const name = (control.textContent ?? '').trim() || control.getAttribute('aria-label');
      if (!name) found.push(`${control.tagName.toLowerCase()} without a name`);
    }
    for (const element of Array.from(document.querySelectorAll('[tabindex]'))) {
      if (Number(element.getAttribute('tabindex')) > 0) found.push('positive tabindex');
    }
    return found;
  });
  expect(problems).toEqual([]);
  expect(await page.getAttribute('html', 'lang')).toBe(expectedLang);
  // Nothing pushes the page wider than the screen (wide tables scroll inside their own region).
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${page.url()} is wider than the screen`).toBeLessThanOrEqual(0);
  // The first Tab lands on the skip link, which leads to the main content.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    className: document.activeElement?.className,
    href: document.activeElement?.getAttribute('href'),
  }));
  expect(focused).toEqual({ className: 'skip', href: '#main' });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function fundId(name: string): Promise<string> {
  const result = await site.client.execute({ sql: 'SELECT id FROM funds WHERE name = ?', args: [name] });
  return result.rows[0]!.id as string;
}

async function rowsText(selector: string): Promise<string[]> {
  return page.locator(`${selector} tbody tr`).allInnerTexts();
}

describe('public site in a browser (chromium, playwright-core)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set SOQUY_CHROMIUM.`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await serveDemoSite();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    context = await browser.newContext({
      baseURL: site.baseUrl,
      acceptDownloads: true,
      viewport: { width: 1100, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => consoleProblems.push(String(error)));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  it(
    'home lists the units and their funds with balances, in Vietnamese by default',
    async () => {
      const response = await page.goto('/');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['cache-control']).toMatch(/public, max-age=\d+/);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/quỹ/i);
      const body = await page.locator('main').textContent();
      expect(body).toContain('Ủy ban MTTQ Việt Nam tỉnh Lai Châu');
      expect(body).toContain('Quỹ "Vì người nghèo" tỉnh Lai Châu');
      expect(body).toContain('Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én');
      await expectAccessible('vi');
      await screenshot('01-home');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the fund page shows the balance, the monthly chart and spending by category',
    async () => {
      await page.getByRole('link', { name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu' }).first().click();
      await page.waitForURL(/\/funds\/[^/?]+(\?year=\d{4})?$/);
      await expect(page.locator('h1').textContent()).resolves.toContain('Quỹ "Vì người nghèo" tỉnh Lai Châu');
      expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
      const body = await page.locator('main').textContent();
      expect(body).toContain('Quà Tết');
      await expectAccessible('vi');
      await screenshot('02-fund');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the sao kê finds a gift by a name fragment without accents, and by its bank reference',
    async () => {
      await page.locator('a.to-donations').first().click();
      await page.waitForURL(/\/funds\/[^/]+\/donations/);
      await expectAccessible('vi');
      await screenshot('03-donations');

      await page.getByLabel(/Tên người ủng hộ/).fill('dien luc');
      await page.locator('form.search button[type="submit"]').click();
      await page.waitForURL(/q=dien\+luc/);
      const byName = await rowsText('table.donations');
      expect(byName.length).toBe(1);
      expect(byName[0]).toContain('Công ty Điện lực Lai Châu');
      expect(byName[0]).toContain('500.000.000 ₫');
      await screenshot('04-donations-by-name');

      await page.getByLabel(/Tên người ủng hộ/).fill('');
      await page.getByLabel(/Số tham chiếu/).fill('FT24080000000012');
      await page.locator('form.search button[type="submit"]').click();
      await page.waitForURL(/ref=FT24080000000012/);
      const byReference = await rowsText('table.donations');
      expect(byReference.length).toBe(1);
      expect(byReference[0]).toContain('Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh');
      expect(byReference[0]).toContain('70.000.000 ₫');
      // The reference is shown masked, as banks publish it.
      expect(byReference[0]).not.toContain('FT24080000000012');
      await screenshot('05-donations-by-reference');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the gift traces to the transfer and the house it paid for; the project page shows the handover',
    async () => {
      await page.locator('table.donations tbody tr').first().locator('a.trace-link').click();
      await page.waitForURL(/\/trace\?/);
      const trace = await page.locator('main').textContent();
      expect(trace).toContain('Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh');
      expect(trace).toContain('Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én');
      await expectAccessible('vi');
      await screenshot('06-trace');

      await page.getByRole('link', { name: 'Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én' }).first().click();
      await page.waitForURL(/\/projects\/[^/?]+/);
      await expect(page.locator('h1').textContent()).resolves.toContain('Huổi Én');
      const project = await page.locator('main').textContent();
      expect(project).toContain('Hộ L.V.Q., bản Huổi Én');
      expect(project).toContain('BB-12/2024/MTTQ-MS');
      expect(project).toContain('Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh');
      await expectAccessible('vi');
      await screenshot('07-project');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the trace form finds a gift by its receipt number',
    async () => {
      await page.goto('/trace');
      await expectAccessible('vi');
      const receiptNo = (
        await site.client.execute(
          "SELECT d.receipt_no FROM donations d JOIN donors o ON o.id = d.donor_id WHERE o.name = 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh' AND d.amount_minor = 70000000",
        )
      ).rows[0]!.receipt_no as string;
      await page.getByLabel(/Số biên nhận hoặc số tham chiếu/).fill(receiptNo);
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/\/trace\?q=/);
      const trace = await page.locator('main').textContent();
      expect(trace).toContain(receiptNo);
      expect(trace).toContain('Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én');
      await screenshot('08-trace-by-receipt');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'switches to English, keeps it on every link and remembers it',
    async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Switch to English' }).click();
      await page.waitForURL(/lang=en/);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await expect(page.locator('h1').textContent()).resolves.toBe('Funds and balances');
      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'soquy_lang')?.value).toBe('en');
      await expectAccessible('en');
      await screenshot('09-home-en');

      await page.getByRole('link', { name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu' }).first().click();
      await page.waitForURL(/\/funds\/[^/?]+\?(year=\d{4}&)?lang=en$/);
      expect(await page.locator('main').textContent()).toContain('Spending by purpose');
      await screenshot('10-fund-en');

      // A bare URL follows the remembered choice.
      await page.goto('/trace');
      expect(page.url()).toMatch(/\/trace\?lang=en$/);
      await expect(page.locator('h1').textContent()).resolves.toBe('Where did my money go?');

      await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
      await page.waitForURL((url) => !url.search.includes('lang=en'));
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'downloads the statement as CSV with a BOM (Excel) and the same filters',
    async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Quỹ "Vì người nghèo" tỉnh Lai Châu' }).first().click();
      await page.locator('a.to-donations').first().click();
      await page.getByLabel(/Tên người ủng hộ/).fill('dien luc');
      await page.locator('form.search button[type="submit"]').click();
      await page.waitForURL(/q=dien\+luc/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a.download.csv').first().click(),
      ]);
      const path = await download.path();
      const bytes = readFileSync(path);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
      expect(lines.length).toBe(2);
      expect(lines[1]).toContain('Công ty Điện lực Lai Châu');
      expect(lines[1]).toContain('500000000');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the disbursements list shows public aliases and decision numbers only',
    async () => {
      const communeFund = await fundId('Quỹ "Vì người nghèo" xã Mường So');
      await page.goto(`/funds/${communeFund}/disbursements?lang=vi`);
      const body = await page.locator('main').textContent();
      expect(body).toContain('Hộ L.V.Q., bản Huổi Én');
      expect(body).toContain('16/QĐ-MTTQ');
      expect(body).not.toContain('Lò Văn Quang');
      await expectAccessible('vi');
      await screenshot('11-disbursements');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "a campaign's fund shows its disclosure notices; the campaign's sao kê lists the anonymous gift as anonymous",
    async () => {
      await page.goto('/?lang=vi');
      await page.getByRole('link', { name: /Cuộc vận động ủng hộ khắc phục thiệt hại do bão số 3/ }).click();
      const notices = await page.locator('table.notices').textContent();
      expect(notices).toContain('Tổng số tiền đã tiếp nhận');
      expect(await page.locator('table.notices .badge').count()).toBe(2);
      await expectAccessible('vi');
      await screenshot('12-relief-fund');

      await page.locator('a.to-campaign').first().click();
      await page.waitForURL(/\/campaigns\/[^/]+\/donations/);
      const rows = await rowsText('table.donations');
      const anonymous = rows.find((row) => row.includes('5.000.000 ₫'));
      expect(anonymous).toContain('Nhà hảo tâm ẩn danh');
      expect(rows.join('\n')).not.toContain('Trần Thị Hạnh');
      await expectAccessible('vi');
      await screenshot('13-campaign-donations');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'fits a phone screen: no page-wide sideways scrolling, wide tables scroll in their own region',
    async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      try {
        for (const [path, name] of [
          ['/?lang=vi', '14-home-phone'],
          [
            `/funds/${await fundId('Quỹ "Vì người nghèo" tỉnh Lai Châu')}/donations?lang=vi`,
            '13-donations-phone',
          ],
        ] as const) {
          await page.goto(path);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, path).toBeLessThanOrEqual(0);
          await screenshot(name);
        }
      } finally {
        await page.setViewportSize({ width: 1100, height: 900 });
      }
    },
    STEP_TIMEOUT_MS,
  );

  it('loaded every page without a script error or a Content-Security-Policy violation', () => {
    expect(consoleProblems).toEqual([]);
  });
});
