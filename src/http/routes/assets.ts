import { Hono } from 'hono';
import { staticAsset } from '../../web/assets.ts';
import type { AppEnv } from '../env.ts';
import { problem } from '../problem.ts';

/** GET /assets/:name — the pages' stylesheets, public and cacheable for a day. */
export const assetRoutes = new Hono<AppEnv>().get('/:name', (c) => {
  const name = c.req.param('name');
  const asset = staticAsset(name);
  if (!asset) return problem(c, 'route-not-found', `There is no asset ${name}.`);
  return c.body(asset.body, 200, {
    'Content-Type': asset.contentType,
    'Cache-Control': 'public, max-age=86400',
  });
});
