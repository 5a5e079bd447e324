import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filePathOf } from '../../src/db/client.ts';
import { LedgerStore } from '../../src/db/ledger-store.ts';
import { ProjectStore } from '../../src/db/project-store.ts';
import { seedLaiChauDemo } from '../../src/demo/lai-chau.ts';
import { DEFAULT_FUND_CHART } from '../../src/domain/chart.ts';
import { DEFAULT_FUND_RULES } from '../../src/domain/disbursements.ts';
import { freshDatabase } from '../support/database.ts';

/**
 * The hash chain from outside: `soquy verify` names the first broken link, and the README's recipe —
 * Python's standard library only, no code of ours — recomputes the same chain from the database file.
 */

function soquy(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['bin/soquy.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The ```python block of the README's "Tamper evidence" section. */
function readmeRecipe(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Tamper evidence'));
  const match = /```python\n([\s\S]*?)\n```/.exec(section);
  if (!match) throw new Error('no python recipe in the README section "Tamper evidence"');
  return match[1]!;
}

const python = spawnSync('python3', ['-c', 'import sqlite3, hashlib, json'], { encoding: 'utf8' });
const hasPython = python.status === 0;

describe('the hash chain, checked from outside', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('verify passes and the README recipe agrees; after an edit both name the same entry', async () => {
    const database = await freshDatabase('file');
    const folder = mkdtempSync(join(tmpdir(), 'soquy-recipe-'));
    cleanup = () => {
      database.cleanup();
      rmSync(folder, { recursive: true, force: true });
    };
    const { client, url } = database;
    await seedLaiChauDemo({
      store: new ProjectStore(client),
      nowMs: Date.now,
      chart: DEFAULT_FUND_CHART,
      passwordIterations: 1_000,
      fundRules: DEFAULT_FUND_RULES,
    });
    const head = await new LedgerStore(client).chainLink(null);
    expect(head!.seq).toBeGreaterThan(5);

    const healthy = soquy(['verify'], url);
    expect(healthy.status, healthy.stdout + healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/ok {3}hash-chain/);
    expect(healthy.stdout).toContain(`Hash chain head: seq ${head!.seq}, hash ${head!.hash}`);

    const script = join(folder, 'check-chain.py');
    writeFileSync(script, readmeRecipe());
    const recipe = () => spawnSync('python3', [script, filePathOf(url)!], { encoding: 'utf8' });
    if (hasPython) {
      const clean = recipe();
      expect(clean.stderr).toBe('');
      expect(clean.stdout.trim()).toBe(`0 broken; head: seq ${head!.seq}, hash ${head!.hash}`);
    }

    // A memo no other check looks at, changed in the file behind the application's back.
    const [posting] = (
      await client.execute(
        'SELECT p.id, e.id AS entry_id, e.seq FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.seq = 5 LIMIT 1',
      )
    ).rows;
    await client.execute('DROP TRIGGER postings_immutable_update');
    await client.execute({
      sql: "UPDATE postings SET memo = 'đã sửa' WHERE id = ?",
      args: [Number(posting!.id)],
    });

    const broken = soquy(['verify'], url);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/FAIL hash-chain/);
    expect(broken.stdout).toContain(`entry ${posting!.entry_id} (seq 5)`);
    expect(broken.stdout).toContain(`first broken link: seq 5, entry ${posting!.entry_id}`);
    const json = JSON.parse(soquy(['verify', '--json'], url).stdout.trim().split('\n').at(-1)!);
    expect(json.ok).toBe(false);
    expect(json.chain.firstBroken).toEqual({ seq: 5, entryId: posting!.entry_id, fault: 'mismatch' });
    expect(json.chain.head).toEqual(head);
    expect(json.checks.find((check: { name: string }) => check.name === 'hash-chain').violations).toBe(1);

    if (hasPython) {
      const tampered = recipe();
      expect(tampered.stdout).toContain(`broken link: seq 5, entry ${posting!.entry_id}`);
      expect(tampered.stdout).toMatch(/^1 broken; head/m);
    }
  });
});
