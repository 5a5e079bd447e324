import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/domain/donations.ts';
import { TEST_ADMIN_TOKEN } from '../support/database.ts';
import { privateValues, publicApiResponses } from '../support/public-privacy.ts';
import { demoApp } from '../support/public-site.ts';

/**
 * The Lai Châu demo holds private data on purpose: Lò Văn Quang's national ID, phone, address,
 * ethnicity and health notes; donors' contacts and addresses; two donors (Trần Thị Hạnh, Bà Lò Thị
 * Xuân) who gave anonymously. Every public API answer, JSON and CSV, for every fund, project, campaign
 * and gift is scanned for every such value read from the database.
 */
describe('privacy of the public API over the Lai Châu demo', () => {
  let demo: Awaited<ReturnType<typeof demoApp>>;
  let secrets: string[];

  beforeAll(async () => {
    demo = await demoApp();
    secrets = await privateValues(demo.client);
    // A notice published, and a public evidence file, so that their answers are scanned too.
    const campaign = (
      await demo.client.execute("SELECT id FROM campaigns WHERE payment_code_prefix = 'YAGI'")
    ).rows[0]!;
    const published = await demo.app.request(`/api/v1/campaigns/${String(campaign.id)}/notices`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'received' }),
    });
    expect(published.status).toBe(201);
  });
  afterAll(() => demo.cleanup());

  it('reads the private values from the database, the ones the demo plants among them', () => {
    for (const planted of [
      'Lò Văn Quang',
      '012078004512',
      '0912 000 345',
      '0912000345',
      'Nhà số 12, tổ 3, bản Huổi Én, xã Mường So',
      'Dao',
      'Chủ hộ bị tai biến năm 2022, đi lại khó khăn',
      'Trần Thị Hạnh',
      'Bà Lò Thị Xuân',
      '0987 000 111',
      'phường Tân Phong, Lai Châu',
      'tổ 5, phường Đoàn Kết',
      'phòng Tổng hợp',
    ]) {
      expect(secrets).toContain(planted);
    }
  });

  it('lets no private value into any public answer, JSON or CSV', async () => {
    const searches = [...secrets, ...secrets.map(foldForSearch)].filter((value) => value.length >= 3);
    let answers = 0;
    const statuses = new Map<number, number>();
    for await (const answer of publicApiResponses(demo.app, demo.client, searches)) {
      answers += 1;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status, `${answer.path} → ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      for (const secret of secrets) {
        expect(answer.text.includes(secret), `${answer.path} leaks "${secret}"`).toBe(false);
        const folded = foldForSearch(secret);
        if (folded.length >= 6) {
          expect(foldForSearch(answer.text).includes(folded), `${answer.path} leaks "${folded}"`).toBe(false);
        }
      }
    }
    // Everything was answered (names too short to search are refused, never leaked).
    expect(answers).toBeGreaterThan(80);
    expect((statuses.get(200) ?? 0) / answers).toBeGreaterThan(0.9);
  }, 120_000);

  it('still lists the anonymous gifts, with their amounts, as anonymous', async () => {
    const fundId = String(
      (await demo.client.execute("SELECT fund_id FROM donations WHERE bank_ref = 'FT24263000000002'"))
        .rows[0]!.fund_id,
    );
    const response = await demo.app.request(`/api/v1/public/funds/${fundId}/donations?ref=FT24263000000002`);
    const body = (await response.json()) as {
      items: { donor: string; amount: string; anonymous: boolean }[];
    };
    expect(body.items).toEqual([
      expect.objectContaining({ donor: 'Nhà hảo tâm ẩn danh', amount: '5000000', anonymous: true }),
    ]);
  });
});
