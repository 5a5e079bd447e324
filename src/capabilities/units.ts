import type { Actor } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { UNIT_DEPTH_MAX } from '../domain/limits.ts';
import { generatedUnitCode, type UnitKind } from '../domain/units.ts';
import { type AuthorizeStore, requireEverywhere, requirePermission } from './authorize.ts';
import type { WriteContext, WriteExtras } from './context.ts';
import { decodeCursor, pageOf, pageSize } from './cursor.ts';
import { type IdempotencyStore, idempotentWrite, type WriteOutcome } from './idempotency.ts';
import type { Page, UnitView } from './views.ts';

export interface UnitStore extends IdempotencyStore, AuthorizeStore {
  getUnit(id: string): Promise<UnitView | null>;
  findUnitIdByCode(code: string): Promise<string | null>;
  /** Inserts the unit and its closure rows (ancestors) in one atomic batch. */
  insertUnit(unit: UnitView, extras: WriteExtras): Promise<void>;
  listUnits(query: { parentId: string | null; afterId: string | null; limit: number }): Promise<UnitView[]>;
  recordSuccession(
    unitId: string,
    successorId: string,
    effectiveOn: string,
    extras: WriteExtras,
  ): Promise<void>;
}

export interface CreateUnitInput {
  name: string;
  kind: UnitKind;
  level?: string | null;
  code?: string | null;
  parentId?: string | null;
}

type Deps = { store: UnitStore; nowMs: () => number };

/** A root unit needs an administrator of the whole tree; any other needs unit management at its parent. */
export async function createUnit(
  deps: Deps,
  context: WriteContext,
  input: CreateUnitInput,
): Promise<WriteOutcome<UnitView>> {
  return idempotentWrite(deps.store, context, deps.nowMs, async (seal) => {
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
      await requirePermission(deps.store, context.actor, 'unit.manage', parent.id, parent.name);
      depth = parent.depth + 1;
      if (depth > UNIT_DEPTH_MAX) {
        throw new DomainError(
          'unit-depth-limit',
          `Units may be nested at most ${UNIT_DEPTH_MAX} levels deep.`,
        );
      }
    } else {
      requireEverywhere(context.actor, 'unit.manage', 'create a unit at the top of the tree');
    }
    if (input.code && (await deps.store.findUnitIdByCode(input.code))) {
      throw new DomainError('duplicate-code', `Another unit already uses the code ${input.code}.`, {
        fieldErrors: [{ field: 'code', detail: 'already used by another unit' }],
      });
    }
    const nowMs = deps.nowMs();
    const unit: UnitView = {
      id: newId(nowMs),
      name: input.name,
      kind: input.kind,
      level: input.level ?? null,
      code: input.code ?? generatedUnitCode(),
      parentId: input.parentId ?? null,
      depth,
      successorId: null,
      succeededOn: null,
      createdAt: new Date(nowMs).toISOString(),
    };
    await deps.store.insertUnit(unit, seal(unit, unit.id));
    return unit;
  });
}

/** The organisation tree is not secret: every signed-in user may read units. */
export async function getUnit(deps: { store: UnitStore }, _actor: Actor, id: string): Promise<UnitView> {
  const unit = await deps.store.getUnit(id);
  if (!unit) throw new DomainError('not-found', `There is no unit ${id}.`);
  return unit;
}

export async function listUnits(
  deps: { store: UnitStore },
  _actor: Actor,
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
  deps: Deps,
  context: WriteContext,
  input: { unitId: string; successorId: string; effectiveOn: string },
): Promise<WriteOutcome<UnitView>> {
  return idempotentWrite(
    deps.store,
    context,
    deps.nowMs,
    async (seal) => {
      const unit = await getUnit(deps, context.actor, input.unitId);
      await requirePermission(deps.store, context.actor, 'unit.manage', unit.id, unit.name);
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
      await requirePermission(deps.store, context.actor, 'unit.manage', successor.id, successor.name);
      if (await succeedsTo(deps.store, successor, unit.id)) {
        throw new DomainError(
          'conflict',
          `${successor.name} already passes on to ${unit.name}; successions cannot go round in a circle.`,
          {
            fieldErrors: [{ field: 'successorId', detail: 'would make a cycle of successions' }],
          },
        );
      }
      const succeeded = { ...unit, successorId: successor.id, succeededOn: input.effectiveOn };
      await deps.store.recordSuccession(unit.id, successor.id, input.effectiveOn, seal(succeeded, unit.id));
      return succeeded;
    },
    200,
  );
}

/** Follows the successor chain from `start`; the chain is at most as long as the number of units. */
async function succeedsTo(store: UnitStore, start: UnitView, targetId: string): Promise<boolean> {
  const seen = new Set<string>();
  let current: UnitView | null = start;
  while (current?.successorId && !seen.has(current.id)) {
    if (current.successorId === targetId) return true;
    seen.add(current.id);
    current = await store.getUnit(current.successorId);
  }
  return false;
}
