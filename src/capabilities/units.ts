import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { UNIT_DEPTH_MAX } from '../domain/limits.ts';
import type { UnitKind } from '../domain/units.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import {
  type IdempotencyRequest,
  type IdempotencyStore,
  idempotentWrite,
  type Seal,
  type WriteOutcome,
} from './idempotency.ts';
import type { Page, UnitView } from './views.ts';

export interface UnitStore extends IdempotencyStore {
  getUnit(id: string): Promise<UnitView | null>;
  /** Inserts the unit and its closure rows (ancestors) in one atomic batch. */
  insertUnit(unit: UnitView, seal: ReturnType<Seal<UnitView>>): Promise<void>;
  listUnits(query: { parentId: string | null; afterId: string | null; limit: number }): Promise<UnitView[]>;
  recordSuccession(
    unitId: string,
    successorId: string,
    effectiveOn: string,
    seal: ReturnType<Seal<UnitView>>,
  ): Promise<void>;
}

export interface CreateUnitInput {
  name: string;
  kind: UnitKind;
  level?: string | null;
  parentId?: string | null;
}

export async function createUnit(
  deps: { store: UnitStore; nowMs: () => number },
  input: CreateUnitInput,
  idempotency: IdempotencyRequest | null,
): Promise<WriteOutcome<UnitView>> {
  return idempotentWrite(deps.store, idempotency, deps.nowMs, async (seal) => {
    let depth = 0;
    if (input.parentId) {
      const parent = await deps.store.getUnit(input.parentId);
      if (!parent) {
        throw new DomainError(
          'unit-not-found',
          `There is no unit ${input.parentId} to place this unit under.`,
          {
            fieldErrors: [{ field: 'parentId', detail: 'unknown unit' }],
          },
        );
      }
      depth = parent.depth + 1;
      if (depth > UNIT_DEPTH_MAX) {
        throw new DomainError(
          'unit-depth-limit',
          `Units may be nested at most ${UNIT_DEPTH_MAX} levels deep.`,
        );
      }
    }
    const nowMs = deps.nowMs();
    const unit: UnitView = {
      id: newId(nowMs),
      name: input.name,
      kind: input.kind,
      level: input.level ?? null,
      parentId: input.parentId ?? null,
      depth,
      successorId: null,
      succeededOn: null,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertUnit(unit, seal(unit));
    return unit;
  });
}

export async function getUnit(deps: { store: UnitStore }, id: string): Promise<UnitView> {
  const unit = await deps.store.getUnit(id);
  if (!unit) throw new DomainError('not-found', `There is no unit ${id}.`);
  return unit;
}

export async function listUnits(
  deps: { store: UnitStore },
  query: { parentId?: string; cursor?: string; limit?: number },
): Promise<Page<UnitView>> {
  const limit = pageSize(query.limit);
  const afterId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : null;
  const rows = await deps.store.listUnits({ parentId: query.parentId ?? null, afterId, limit: limit + 1 });
  return pageOf(rows, limit, (last) => [last.id]);
}

/**
 * Communes merged on 1/7/2025 keep their history: the old unit stays, with its successor and the date
 * from which the successor carries on. Records made before that date keep their original unit.
 */
export async function recordUnitSuccession(
  deps: { store: UnitStore; nowMs: () => number },
  input: { unitId: string; successorId: string; effectiveOn: string },
  idempotency: IdempotencyRequest | null,
): Promise<WriteOutcome<UnitView>> {
  return idempotentWrite(
    deps.store,
    idempotency,
    deps.nowMs,
    async (seal) => {
      const unit = await getUnit(deps, input.unitId);
      if (input.successorId === unit.id) {
        throw new DomainError('validation-failed', 'A unit cannot succeed itself.', {
          fieldErrors: [{ field: 'successorId', detail: 'must be another unit' }],
        });
      }
      if (unit.successorId) {
        throw new DomainError(
          'conflict',
          `Unit ${unit.name} already has a successor from ${unit.succeededOn}.`,
        );
      }
      const successor = await deps.store.getUnit(input.successorId);
      if (!successor) {
        throw new DomainError('unit-not-found', `There is no unit ${input.successorId}.`, {
          fieldErrors: [{ field: 'successorId', detail: 'unknown unit' }],
        });
      }
      const succeeded = { ...unit, successorId: successor.id, succeededOn: input.effectiveOn };
      await deps.store.recordSuccession(unit.id, successor.id, input.effectiveOn, seal(succeeded));
      return succeeded;
    },
    200,
  );
}
