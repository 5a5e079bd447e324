import { Hono } from 'hono';
import { exportHledger } from '../../capabilities/export-hledger.ts';
import type { AppEnv } from '../env.ts';
import { hledgerExportQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

/** An async iterable of text chunks as a byte stream that reads one chunk per pull (backpressure). */
function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export const exportRoutes = new Hono<AppEnv>().get(
  '/hledger',
  validate('query', hledgerExportQuery),
  async (c) => {
    const query = c.req.valid('query');
    const chunks = await exportHledger(c.var.deps, c.var.actor, {
      scope: { fundId: query.fundId ?? null, unitId: query.unitId ?? null },
      range: { from: query.from ?? null, to: query.to ?? null },
    });
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="soquy.journal"');
    return c.body(textStream(chunks));
  },
);
