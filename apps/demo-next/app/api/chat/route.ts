import { runPlanner } from '@/lib/agent';

export const runtime = 'nodejs';

/** The agent endpoint: `POST { "prompt": "..." }` answers the planner's reply. */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => null)) as { prompt?: unknown } | null;
  if (!body || typeof body.prompt !== 'string' || body.prompt.length === 0) {
    return Response.json({ error: 'body must be {"prompt": "<text>"}' }, { status: 400 });
  }
  return Response.json({ reply: await runPlanner(body.prompt) });
}
