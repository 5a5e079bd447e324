import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasValidCrc, parseTlv } from '../../src/domain/vietqr.ts';

/** No DATABASE_URL on purpose: the command needs no database and must not create one. */
function soquy(args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['bin/soquy.js', 'vietqr', ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('soquy vietqr', () => {
  let folder: string | null = null;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = null;
  });

  it('prints a payload with the BIN, account, amount and memo, and a valid CRC', () => {
    const result = soquy([
      '--bin',
      '970436',
      '--account',
      '0011001932418',
      '--amount',
      '500000',
      '--memo',
      'VNN D000123',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const payload = result.stdout.trim();
    expect(hasValidCrc(payload)).toBe(true);
    const fields = parseTlv(payload);
    const byId = new Map(fields.map((field) => [field.id, field]));
    expect(byId.get('01')?.value).toBe('12');
    const beneficiary = byId.get('38')?.children?.find((field) => field.id === '01');
    expect(beneficiary?.children?.map((field) => field.value)).toEqual(['970436', '0011001932418']);
    expect(byId.get('54')?.value).toBe('500000');
    expect(byId.get('62')?.children?.find((field) => field.id === '08')?.value).toBe('VNN D000123');
  });

  it('prints a static payload without --amount and writes the SVG with --svg', () => {
    folder = mkdtempSync(join(tmpdir(), 'soquy-vietqr-'));
    const file = join(folder, 'qr.svg');
    const result = soquy(['--bin', '970415', '--account', '123456789', '--svg', file]);
    expect(result.status).toBe(0);
    const payload = result.stdout.trim();
    expect(hasValidCrc(payload)).toBe(true);
    expect(parseTlv(payload).find((field) => field.id === '01')?.value).toBe('11');
    expect(payload).not.toMatch(/54\d\d/);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<path');
    expect(svg).toContain('<rect');
  });

  it('exits 2 naming each invalid flag, and writes no file', () => {
    folder = mkdtempSync(join(tmpdir(), 'soquy-vietqr-'));
    const file = join(folder, 'qr.svg');
    const result = soquy([
      '--bin',
      '970001',
      '--account',
      '00 11',
      '--amount',
      '0',
      '--memo',
      'Ủng hộ bão lũ',
      '--svg',
      file,
    ]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    for (const flag of ['--bin', '--account', '--amount', '--memo']) expect(result.stderr).toContain(flag);
    expect(() => readFileSync(file)).toThrow();
  });

  it('exits 2 with the usage for a missing flag, an unknown flag or a non-numeric amount', () => {
    for (const args of [
      ['--bin', '970436'],
      ['--bin', '970436', '--account', '1', '--colour', 'red'],
      ['--bin', '970436', '--account', '1', '--amount', '1,5'],
    ]) {
      const result = soquy(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: soquy vietqr');
    }
  });
});
