import { parseArgs } from 'node:util';
import type { Client } from '@libsql/client';
import { systemContext } from '../capabilities/context.ts';
import { createToken } from '../capabilities/tokens.ts';
import { createUser } from '../capabilities/users.ts';
import { AppStore } from '../db/access-store.ts';
import { ROLES, type Role } from '../domain/access.ts';
import { DEFAULT_FUND_CHART } from '../domain/chart.ts';
import { DomainError } from '../domain/errors.ts';
import { PASSWORD_ITERATIONS_DEFAULT } from '../domain/passwords.ts';

export const USER_CREATE_USAGE = `soquy user create --name NAME --role admin|accountant|approver|auditor --unit UNIT_ID|all
                    [--username LOGIN] [--password-stdin]
                    creates a user with one grant (--unit all: the whole tree) and prints a new API
                    token once`;

function usernameFrom(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return folded.slice(0, 60) || 'user';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Runs as the server itself (system actor): whoever can run the CLI on the database already owns it. */
export async function userCreate(client: Client, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      username: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.name || !values.role || !values.unit || !(ROLES as readonly string[]).includes(values.role)) {
    console.error(`usage: ${USER_CREATE_USAGE}`);
    return 2;
  }
  const deps = {
    store: new AppStore(client),
    nowMs: Date.now,
    chart: DEFAULT_FUND_CHART,
    passwordIterations: PASSWORD_ITERATIONS_DEFAULT,
  };
  const unitId = values.unit === 'all' ? null : values.unit;
  try {
    const password = values['password-stdin'] ? await readStdin() : null;
    const user = await createUser(deps, systemContext('users.create'), {
      name: values.name,
      username: values.username ?? usernameFrom(values.name),
      password,
      grants: [{ unitId, role: values.role as Role }],
    });
    const userId = (user.value as { id: string; username: string }).id;
    const token = await createToken(deps, systemContext('tokens.create'), {
      userId,
      name: 'created by soquy user create',
    });
    const created = user.value as { username: string };
    console.log(
      `Created user ${created.username} (${userId}) as ${values.role} of ${unitId ?? 'the whole tree'}.`,
    );
    console.log('API token (shown only now; store it safely):');
    console.log((token.value as { token: string }).token);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`soquy user create: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
