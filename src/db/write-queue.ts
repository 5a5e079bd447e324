import type { Client } from '@libsql/client';

/**
 * One writer at a time per database client. The native libSQL client refuses overlapping transactions
 * (SQLITE_BUSY / TRANSACTION_ACTIVE) instead of waiting, so every write of this process queues here:
 * reads inside a write see the state no other local write can change until its batch commits.
 * Writers in other processes or edge isolates are held off by the database's own constraints.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly waitingMax: number) {}

  get depth(): number {
    return this.waiting;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.waitingMax) return Promise.reject(new WriteQueueFull());
    this.waiting += 1;
    const result = this.tail.then(work, work).finally(() => {
      this.waiting -= 1;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class WriteQueueFull extends Error {
  constructor() {
    super('write queue full');
    this.name = 'WriteQueueFull';
  }
}

const queues = new WeakMap<Client, WriteQueue>();

/** All stores over one client share its queue. */
export function writeQueueFor(client: Client, waitingMax: number): WriteQueue {
  let queue = queues.get(client);
  if (!queue) {
    queue = new WriteQueue(waitingMax);
    queues.set(client, queue);
  }
  return queue;
}
