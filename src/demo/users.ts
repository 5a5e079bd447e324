import { systemContext } from '../capabilities/context.ts';
import { createUser } from '../capabilities/users.ts';
import type { Actor } from '../domain/access.ts';
import { assert } from '../domain/errors.ts';
import type { DemoDeps } from './lai-chau.ts';

/** Demo users, one per role, with documented passwords (README): marked as demo, never for real use. */
export const DEMO_USERS = [
  {
    username: 'demo-admin',
    password: 'demo-admin-laichau',
    name: 'Quản trị viên (demo)',
    role: 'admin',
    unit: 'province',
  },
  {
    username: 'demo-accountant',
    password: 'demo-ketoan-muongso',
    name: 'Kế toán xã Mường So (demo)',
    role: 'accountant',
    unit: 'commune',
  },
  {
    username: 'demo-approver',
    password: 'demo-chutich-laichau',
    name: 'Chủ tịch UBMTTQ tỉnh (demo)',
    role: 'approver',
    unit: 'province',
  },
  {
    username: 'demo-auditor',
    password: 'demo-kiemtoan-laichau',
    name: 'Kiểm toán viên (demo)',
    role: 'auditor',
    unit: 'province',
  },
] as const;

export type DemoRole = (typeof DEMO_USERS)[number]['role'];

/** Creates the demo users (marked as demo) and returns each as an actor the demo story can act as. */
export async function seedDemoUsers(
  deps: DemoDeps,
  provinceId: string,
  communeId: string,
): Promise<Record<DemoRole, Actor>> {
  const actors: Partial<Record<DemoRole, Actor>> = {};
  for (const user of DEMO_USERS) {
    const unitId = user.unit === 'province' ? provinceId : communeId;
    const outcome = await createUser(deps, systemContext('users.create'), {
      name: user.name,
      username: user.username,
      password: user.password,
      grants: [{ unitId, role: user.role }],
    });
    assert(!outcome.replayed, 'demo writes carry no idempotency key');
    const made = outcome.value;
    await deps.store.markDemoUser(made.id);
    actors[user.role] = {
      userId: made.id,
      name: made.name,
      grants: made.grants.map((grant) => ({ id: grant.id, unitId: grant.unitId, role: grant.role })),
    };
  }
  const { admin, accountant, approver, auditor } = actors;
  assert(admin && accountant && approver && auditor, 'one demo user per role');
  return { admin, accountant, approver, auditor };
}
