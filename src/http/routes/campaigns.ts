import { Hono } from 'hono';
import { campaignVietQr } from '../../capabilities/campaign-vietqr.ts';
import { createCampaign, getCampaign, listCampaigns } from '../../capabilities/campaigns.ts';
import { publishDisclosureNotice } from '../../capabilities/disclosure-notices.ts';
import { qrSvg } from '../../web/qr-svg.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { publicDeps } from '../public-deps.ts';
import { publishNoticeBody } from '../public-schemas.ts';
import { campaignVietQrQuery, createCampaignBody, listCampaignsQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const campaignRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createCampaignBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createCampaign(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listCampaignsQuery), async (c) =>
    c.json(await listCampaigns(c.var.deps, c.var.actor, c.req.valid('query').fundId)),
  )
  .get('/:id', async (c) => c.json(await getCampaign(c.var.deps, c.var.actor, c.req.param('id'))))
  .get('/:id/vietqr', validate('query', campaignVietQrQuery), async (c) => {
    const query = c.req.valid('query');
    const qr = await campaignVietQr(c.var.deps, c.var.actor, {
      campaignId: c.req.param('id'),
      ...(query.amount === undefined ? {} : { amountVnd: query.amount }),
      ...(query.seq === undefined ? {} : { sequence: query.seq }),
    });
    return c.json({ ...qr, svg: qrSvg(qr.payload, { title: `VietQR ${qr.memo}` }) });
  })
  .post('/:id/notices', validate('json', publishNoticeBody), async (c) => {
    const input = { campaignId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(
      c,
      await publishDisclosureNotice(publicDeps(c.var.deps), await writeContext(c, input), input),
    );
  });
