import type { Client } from '@libsql/client';
import type { createApp } from '../../src/http/app.ts';

/**
 * Every private value the database holds, read from it (not written out by hand): beneficiaries' names,
 * national IDs, phones, addresses, ethnicities and notes; donors' addresses and contacts; and the names
 * of donors who gave only anonymously or on request. Phone numbers are also given without spaces.
 */
export async function privateValues(client: Client): Promise<string[]> {
  const values = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string' || value.trim().length < 3) return;
    values.add(value);
    const digits = value.replace(/[\s.]/g, '');
    if (/^\+?\d{8,}$/.test(digits)) values.add(digits);
  };
  const beneficiaries = await client.execute(
    'SELECT name, national_id, phone, address, ethnicity, notes FROM beneficiaries',
  );
  for (const row of beneficiaries.rows) for (const value of Object.values(row)) add(value);
  const donors = await client.execute('SELECT address, contact FROM donors');
  for (const row of donors.rows) for (const value of Object.values(row)) add(value);
  const hidden = await client.execute(
    `SELECT DISTINCT o.name FROM donors o JOIN donations d ON d.donor_id = o.id
     WHERE d.disclosure <> 'public'
       AND NOT EXISTS (SELECT 1 FROM donations p WHERE p.donor_id = o.id AND p.disclosure = 'public')`,
  );
  for (const row of hidden.rows) add(row.name);
  return [...values];
}

/**
 * Every public API answer for the data in the database, JSON and CSV: the fund list, each fund (this
 * year and each year it has gifts), its sao kê (every page, and a name search for each private value),
 * its disbursements, each project and its public files, the trace of every gift by receipt and by bank
 * reference, each campaign's notices.
 */
export async function* publicApiResponses(
  app: ReturnType<typeof createApp>,
  client: Client,
  searches: string[],
): AsyncGenerator<{ path: string; status: number; text: string }> {
  const get = async (path: string) => {
    const response = await app.request(path);
    return { path, status: response.status, text: await response.text() };
  };
  const column = async (sql: string) =>
    (await client.execute(sql)).rows.map((row) => String(Object.values(row)[0]));
  const years = await column('SELECT DISTINCT substr(received_on, 1, 4) FROM donations');
  yield await get('/api/v1/public/funds');
  for (const year of years) yield await get(`/api/v1/public/funds?year=${year}`);
  for (const fundId of await column('SELECT id FROM funds')) {
    yield await get(`/api/v1/public/funds/${fundId}`);
    for (const year of years) yield await get(`/api/v1/public/funds/${fundId}?year=${year}`);
    let cursor: string | null = null;
    do {
      const page = await get(
        `/api/v1/public/funds/${fundId}/donations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      yield page;
      cursor = (JSON.parse(page.text) as { nextCursor: string | null }).nextCursor;
    } while (cursor);
    yield await get(`/api/v1/public/funds/${fundId}/donations.csv`);
    yield await get(`/api/v1/public/funds/${fundId}/donations?format=csv&sort=amount_desc`);
    for (const search of searches) {
      yield await get(`/api/v1/public/funds/${fundId}/donations?q=${encodeURIComponent(search)}`);
    }
    yield await get(`/api/v1/public/funds/${fundId}/disbursements`);
    yield await get(`/api/v1/public/funds/${fundId}/disbursements.csv`);
  }
  for (const projectId of await column('SELECT id FROM projects')) {
    yield await get(`/api/v1/public/projects/${projectId}`);
  }
  for (const [projectId, evidenceId] of (
    await client.execute(
      'SELECT project_id, id FROM project_evidence WHERE is_public = 1 AND content IS NOT NULL',
    )
  ).rows.map((row) => [String(row.project_id), String(row.id)])) {
    yield await get(`/api/v1/public/projects/${projectId}/evidence/${evidenceId}`);
  }
  for (const receipt of await column('SELECT receipt_no FROM donations')) {
    yield await get(`/api/v1/public/trace?receipt=${encodeURIComponent(receipt)}`);
  }
  for (const bankRef of await column('SELECT bank_ref FROM donations WHERE bank_ref IS NOT NULL')) {
    yield await get(`/api/v1/public/trace?bankRef=${encodeURIComponent(bankRef)}`);
  }
  for (const campaignId of await column('SELECT id FROM campaigns')) {
    yield await get(`/api/v1/public/campaigns/${campaignId}/notices`);
  }
}
