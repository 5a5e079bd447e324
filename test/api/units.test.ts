import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNIT_DEPTH_MAX } from '../../src/domain/limits.ts';
import { freshApi, type Json, type TestApi } from '../support/api.ts';
import { collectPages, countRows, expectProblem } from '../support/ledger.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('units API', () => {
  let api: TestApi;
  let cleanup = () => {};
  beforeEach(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
  });
  afterEach(() => cleanup());

  const province = { name: 'Ủy ban MTTQ Việt Nam tỉnh Lai Châu', kind: 'mttq', level: 'province' };

  describe('POST /api/v1/units', () => {
    it('creates a root unit', async () => {
      const response = await api.post('/api/v1/units', province);
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('Idempotency-Hit')).toBeNull();
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        name: province.name,
        kind: 'mttq',
        level: 'province',
        code: expect.stringMatching(/^U[A-Z2-9]{5}$/),
        parentId: null,
        depth: 0,
        successorId: null,
        succeededOn: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
    });

    it('keeps a given unit code and refuses a second unit with the same code', async () => {
      const first = await api.create('/api/v1/units', { ...province, code: 'LCH' });
      expect(first.code).toBe('LCH');
      const again = await api.post('/api/v1/units', { ...province, name: 'Another', code: 'LCH' });
      expect(again.status).toBe(409);
      expect(again.body.errors).toEqual([{ field: 'code', detail: 'already used by another unit' }]);
      const lower = await api.post('/api/v1/units', { ...province, code: 'lch' });
      expect(lower.status).toBe(422);
    });

    it('creates a child one level deeper and trims the name', async () => {
      const parent = await api.create('/api/v1/units', province);
      const child = await api.create('/api/v1/units', {
        name: '  Ủy ban MTTQ xã Bản Lang  ',
        kind: 'mttq',
        level: 'commune',
        parentId: parent.id,
      });
      expect(child.parentId).toBe(parent.id);
      expect(child.depth).toBe(1);
      expect(child.name).toBe('Ủy ban MTTQ xã Bản Lang');
    });

    it('accepts a unit without level or parent', async () => {
      const unit = await api.create('/api/v1/units', { name: 'Hội Phụ nữ', kind: 'womens_union' });
      expect(unit.level).toBeNull();
      expect(unit.parentId).toBeNull();
    });

    it('refuses missing fields, naming each', async () => {
      expectProblem(await api.post('/api/v1/units', {}), 'validation-failed', ['name', 'kind']);
    });

    it.each([
      ['an unknown kind', { name: 'x', kind: 'party' }, ['kind']],
      ['an empty name', { name: '', kind: 'mttq' }, ['name']],
      ['a blank name', { name: '   ', kind: 'mttq' }, ['name']],
      ['a name too long', { name: 'x'.repeat(201), kind: 'mttq' }, ['name']],
      ['a control character', { name: 'a\u0007b', kind: 'mttq' }, ['name']],
      ['a number as name', { name: 42, kind: 'mttq' }, ['name']],
      ['a level too long', { name: 'x', kind: 'mttq', level: 'l'.repeat(51) }, ['level']],
      ['an empty parentId', { name: 'x', kind: 'mttq', parentId: '' }, ['parentId']],
      ['an unknown field', { name: 'x', kind: 'mttq', province: 'Lai Châu' }, ['province']],
      ['two unknown fields', { name: 'x', kind: 'mttq', a: 1, b: 2 }, ['a', 'b']],
      ['several bad fields at once', { name: '', kind: 'x', level: 7 }, ['name', 'kind', 'level']],
    ])('refuses %s with 422', async (_label, body, fields) => {
      expectProblem(await api.post('/api/v1/units', body), 'validation-failed', fields);
      expect(await countRows(api, 'units')).toBe(0);
    });

    it('accepts a name of exactly 200 characters', async () => {
      expect((await api.post('/api/v1/units', { name: 'x'.repeat(200), kind: 'mttq' })).status).toBe(201);
    });

    it('refuses an unknown parent with 422 unit-not-found', async () => {
      const body = expectProblem(
        await api.post('/api/v1/units', { ...province, parentId: 'no-such-unit' }),
        'unit-not-found',
        ['parentId'],
      );
      expect(body.instance).toBe('/api/v1/units');
    });

    it(`nests units ${UNIT_DEPTH_MAX} levels below the root and no deeper`, async () => {
      let parentId: string | null = null;
      for (let depth = 0; depth <= UNIT_DEPTH_MAX; depth += 1) {
        const unit: Json = await api.create('/api/v1/units', {
          name: `Cấp ${depth}`,
          kind: 'other',
          parentId,
        });
        expect(unit.depth).toBe(depth);
        parentId = unit.id as string;
      }
      expectProblem(
        await api.post('/api/v1/units', { name: 'Quá sâu', kind: 'other', parentId }),
        'unit-depth-limit',
      );
      expect(await countRows(api, 'units')).toBe(UNIT_DEPTH_MAX + 1);
    });
  });

  describe('idempotency', () => {
    it('replays the same key and body with the first unit and creates nothing more', async () => {
      const first = await api.post('/api/v1/units', province, { 'Idempotency-Key': 'unit-1' });
      const again = await api.post('/api/v1/units', province, { 'Idempotency-Key': 'unit-1' });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await countRows(api, 'units')).toBe(1);
    });

    it('refuses the same key with a different body with 409', async () => {
      await api.create('/api/v1/units', province, { 'Idempotency-Key': 'unit-1' });
      expectProblem(
        await api.post('/api/v1/units', { ...province, name: 'Khác' }, { 'Idempotency-Key': 'unit-1' }),
        'idempotency-conflict',
      );
      expect(await countRows(api, 'units')).toBe(1);
    });

    it.each([
      ['a space', 'has space'],
      ['a non-ASCII character', 'khóa'],
      ['more than 200 characters', 'k'.repeat(201)],
    ])('refuses a key with %s', async (_label, key) => {
      expectProblem(
        await api.post('/api/v1/units', province, { 'Idempotency-Key': key }),
        'validation-failed',
        ['Idempotency-Key'],
      );
      expect(await countRows(api, 'units')).toBe(0);
    });
  });

  describe('GET /api/v1/units/:id', () => {
    it('returns the unit', async () => {
      const unit = await api.create('/api/v1/units', province);
      const response = await api.get(`/api/v1/units/${unit.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(unit);
    });

    it('answers 404 for an unknown id', async () => {
      const body = expectProblem(
        await api.get('/api/v1/units/01900000-0000-7000-8000-000000000000'),
        'not-found',
      );
      expect(body.instance).toBe('/api/v1/units/01900000-0000-7000-8000-000000000000');
    });
  });

  describe('GET /api/v1/units', () => {
    it('lists every unit once when followed page by page', async () => {
      const root = await api.create('/api/v1/units', province);
      const created = [root.id];
      for (let index = 0; index < 6; index += 1) {
        created.push(
          (await api.create('/api/v1/units', { name: `Xã ${index}`, kind: 'mttq', parentId: root.id })).id,
        );
      }
      const items = await collectPages(api, '/api/v1/units');
      const ids = items.map((unit) => unit.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...created].sort());
      expect(ids).toEqual([...ids].sort());
    });

    it('filters by parentId, also across pages', async () => {
      const root = await api.create('/api/v1/units', province);
      const other = await api.create('/api/v1/units', { name: 'Tỉnh khác', kind: 'mttq' });
      const children = [];
      for (let index = 0; index < 3; index += 1) {
        children.push(
          (await api.create('/api/v1/units', { name: `Xã ${index}`, kind: 'mttq', parentId: root.id })).id,
        );
      }
      await api.create('/api/v1/units', { name: 'Xã lạ', kind: 'mttq', parentId: other.id });
      const items = await collectPages(api, `/api/v1/units?parentId=${root.id}`);
      expect(items.map((unit) => unit.id).sort()).toEqual(children.sort());
    });

    it('answers an empty page when there are no units', async () => {
      const response = await api.get('/api/v1/units');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['limit=0', ['limit']],
      ['limit=501', ['limit']],
      ['limit=abc', ['limit']],
      ['limit=1.5', ['limit']],
      ['cursor=not-a-cursor', ['cursor']],
      ['cursor=W10', ['cursor']],
      [`cursor=${'a'.repeat(501)}`, ['cursor']],
    ])('refuses %s with 422', async (query, fields) => {
      await api.create('/api/v1/units', province);
      expectProblem(await api.get(`/api/v1/units?${query}`), 'validation-failed', fields);
    });
  });

  describe('POST /api/v1/units/:id/succession', () => {
    async function twoCommunes() {
      const old = await api.create('/api/v1/units', {
        name: 'MTTQ xã Bản Lang',
        kind: 'mttq',
        level: 'commune',
      });
      const merged = await api.create('/api/v1/units', {
        name: 'MTTQ xã Phong Thổ',
        kind: 'mttq',
        level: 'commune',
      });
      return { old, merged };
    }

    it('records the successor and the date, answering 200', async () => {
      const { old, merged } = await twoCommunes();
      const response = await api.post(`/api/v1/units/${old.id}/succession`, {
        successorId: merged.id,
        effectiveOn: '2025-07-01',
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...old, successorId: merged.id, succeededOn: '2025-07-01' });
      expect((await api.get(`/api/v1/units/${old.id}`)).body).toEqual(response.body);
      const successor = (await api.get(`/api/v1/units/${merged.id}`)).body;
      expect(successor.successorId).toBeNull();
    });

    it('refuses a second succession with 409 and keeps the first', async () => {
      const { old, merged } = await twoCommunes();
      const third = await api.create('/api/v1/units', { name: 'MTTQ xã khác', kind: 'mttq' });
      await api.post(`/api/v1/units/${old.id}/succession`, {
        successorId: merged.id,
        effectiveOn: '2025-07-01',
      });
      expectProblem(
        await api.post(`/api/v1/units/${old.id}/succession`, {
          successorId: third.id,
          effectiveOn: '2025-08-01',
        }),
        'conflict',
      );
      const unit = (await api.get(`/api/v1/units/${old.id}`)).body;
      expect([unit.successorId, unit.succeededOn]).toEqual([merged.id, '2025-07-01']);
    });

    it('refuses a unit succeeding itself', async () => {
      const { old } = await twoCommunes();
      expectProblem(
        await api.post(`/api/v1/units/${old.id}/succession`, {
          successorId: old.id,
          effectiveOn: '2025-07-01',
        }),
        'validation-failed',
        ['successorId'],
      );
    });

    it('refuses an unknown successor with 422 and an unknown unit with 404', async () => {
      const { old, merged } = await twoCommunes();
      expectProblem(
        await api.post(`/api/v1/units/${old.id}/succession`, {
          successorId: 'nobody',
          effectiveOn: '2025-07-01',
        }),
        'unit-not-found',
        ['successorId'],
      );
      expectProblem(
        await api.post('/api/v1/units/nobody/succession', {
          successorId: merged.id,
          effectiveOn: '2025-07-01',
        }),
        'not-found',
      );
      expect((await api.get(`/api/v1/units/${old.id}`)).body.successorId).toBeNull();
    });

    it.each([
      ['an impossible date', { effectiveOn: '2025-02-29' }, ['effectiveOn']],
      ['a date with time', { effectiveOn: '2025-07-01T00:00:00Z' }, ['effectiveOn']],
      ['a date out of range', { effectiveOn: '2100-01-01' }, ['effectiveOn']],
      ['a missing date', { effectiveOn: undefined }, ['effectiveOn']],
      ['a missing successor', { successorId: undefined }, ['successorId']],
      ['an unknown field', { reason: 'merger' }, ['reason']],
    ])('refuses %s with 422', async (_label, change, fields) => {
      const { old, merged } = await twoCommunes();
      const body = { successorId: merged.id, effectiveOn: '2025-07-01', ...change };
      expectProblem(await api.post(`/api/v1/units/${old.id}/succession`, body), 'validation-failed', fields);
    });

    it('replays with 200 and Idempotency-Hit, and refuses the key with another body', async () => {
      const { old, merged } = await twoCommunes();
      const body = { successorId: merged.id, effectiveOn: '2025-07-01' };
      const headers = { 'Idempotency-Key': 'merge-1' };
      const first = await api.post(`/api/v1/units/${old.id}/succession`, body, headers);
      const again = await api.post(`/api/v1/units/${old.id}/succession`, body, headers);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers.get('Idempotency-Hit')).toBe('true');
      expect(again.body).toEqual(first.body);
      expectProblem(
        await api.post(`/api/v1/units/${old.id}/succession`, { ...body, effectiveOn: '2025-07-02' }, headers),
        'idempotency-conflict',
      );
    });
  });
});
