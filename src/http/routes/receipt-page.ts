import { Hono } from 'hono';
import { getReceiptVoucher } from '../../capabilities/receipt-voucher.ts';
import { renderReceiptPage } from '../../web/receipt-page.tsx';
import type { AppEnv } from '../env.ts';
import { receiptPageQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

/** GET /receipts/:receiptNo — the printable receipt, for staff who may read the issuing unit's books. */
export const receiptPageRoutes = new Hono<AppEnv>().get(
  '/:receiptNo',
  validate('query', receiptPageQuery),
  async (c) => {
    const voucher = await getReceiptVoucher(c.var.deps, c.var.actor, c.req.param('receiptNo'));
    // A receipt names a person: no shared cache keeps it.
    c.header('Cache-Control', 'private, no-store');
    return c.html(renderReceiptPage(voucher, c.req.valid('query').size ?? 'A5'));
  },
);
