import { wrapFetchHandler } from '@obskit/middleware';
import { metrics } from '@/lib/metrics';

type Context = { params: Promise<{ id: string }> };

export const GET = wrapFetchHandler(metrics, '/api/orders/[id]', async (_req: Request, ctx: Context) => {
  const { id } = await ctx.params;
  if (!/^\d+$/.test(id)) return Response.json({ error: 'order ids are numbers' }, { status: 400 });
  return Response.json({ id, status: 'shipped' });
});
