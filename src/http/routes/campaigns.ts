import { Hono } from 'hono';
import { createCampaign, getCampaign, listCampaigns } from '../../capabilities/campaigns.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { createCampaignBody, listCampaignsQuery } from '../schemas.ts';
import { validate } from '../validation.ts';

export const campaignRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createCampaignBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createCampaign(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listCampaignsQuery), async (c) =>
    c.json(await listCampaigns(c.var.deps, c.var.actor, c.req.valid('query').fundId)),
  )
  .get('/:id', async (c) => c.json(await getCampaign(c.var.deps, c.var.actor, c.req.param('id'))));
