import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/db/project-store.ts';
import { seedLaiChauDemo } from '../../src/demo/lai-chau.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../../src/domain/disbursements.ts';
import { freshDatabase } from '../support/database.ts';

function soquy(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['bin/soquy.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('soquy verify', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('passes on a healthy ledger and fails, naming the account, once a total is edited behind its back', async () => {
    const database = await freshDatabase('file');
    cleanup = database.cleanup;
    await seedLaiChauDemo({
      store: new ProjectStore(database.client),
      nowMs: Date.now,
      chart: DEFAULT_FUND_CHART,
      passwordIterations: 1_000,
      fundRules: DEFAULT_FUND_RULES,
    });

    const healthy = soquy(['verify'], database.url);
    expect(healthy.stderr).toBe('');
    expect(healthy.status).toBe(0);
    expect(healthy.stdout).toMatch(/All \d+ checks passed/);

    const json = soquy(['verify', '--json'], database.url);
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ok: true });

    // An edit the API can never make: move 1 đồng on a bank account's stored total.
    const [bank] = (
      await database.client.execute(
        "SELECT id, code FROM accounts WHERE role = 'bank' AND debit_total_minor > 0 LIMIT 1",
      )
    ).rows;
    await database.client.execute({
      sql: 'UPDATE accounts SET debit_total_minor = debit_total_minor + 1 WHERE id = ?',
      args: [String(bank!.id)],
    });

    const broken = soquy(['verify'], database.url);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/FAIL account-totals/);
    expect(broken.stdout).toContain(String(bank!.id));
  });

  it('fails on an entry that was rewritten after its guard triggers were dropped', async () => {
    const database = await freshDatabase('file');
    cleanup = database.cleanup;
    await seedLaiChauDemo({
      store: new ProjectStore(database.client),
      nowMs: Date.now,
      chart: DEFAULT_FUND_CHART,
      passwordIterations: 1_000,
      fundRules: DEFAULT_FUND_RULES,
    });
    await database.client.execute('DROP TRIGGER postings_immutable_update');
    await database.client.execute(
      'UPDATE postings SET amount_minor = amount_minor + 1000 WHERE id = (SELECT min(id) FROM postings)',
    );

    const broken = soquy(['verify'], database.url);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/FAIL entries-balanced/);
    expect(broken.stdout).toMatch(/FAIL account-totals/);
  });

  it('says so when there is no database and exits 2; usage on an unknown command', () => {
    const missing = soquy(['verify'], 'file:/nonexistent/soquy.db');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no database/);
    const unknown = soquy(['frobnicate'], ':memory:');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/usage: soquy/);
  });
});

describe('soquy user create', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('creates a user with one grant and prints a working token once', async () => {
    const database = await freshDatabase('file');
    cleanup = database.cleanup;
    const { TestApi } = await import('../support/api.ts');
    const admin = new TestApi(database.client);
    const unit = await admin.create('/api/v1/units', { name: 'Ủy ban MTTQ tỉnh Lai Châu', kind: 'mttq' });

    const made = soquy(
      ['user', 'create', '--name', 'Lò Thị Kế Toán', '--role', 'accountant', '--unit', unit.id],
      database.url,
    );
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/Created user lo\.thi\.ke\.toan/);
    const token = made.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^sq_[A-Za-z0-9_-]{40,}$/);

    const me = await admin.as(token).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.grants).toEqual([expect.objectContaining({ unitId: unit.id, role: 'accountant' })]);
    // Only the hash is stored.
    const stored = await database.client.execute({
      sql: 'SELECT count(*) AS n FROM api_tokens WHERE token_hash = ?',
      args: [token],
    });
    expect(Number(stored.rows[0]!.n)).toBe(0);

    const again = soquy(
      ['user', 'create', '--name', 'Lò Thị Kế Toán', '--role', 'accountant', '--unit', unit.id],
      database.url,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/taken/);
    const badRole = soquy(['user', 'create', '--name', 'X', '--role', 'boss', '--unit', 'all'], database.url);
    expect(badRole.status).toBe(2);
  });
});
