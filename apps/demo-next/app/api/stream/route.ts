import { plannerReply } from '@/lib/agent';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Streams the planner's reply word by word (`GET /api/stream?prompt=...`), as a chat UI would read it. */
export function GET(request: Request): Response {
  const prompt = new URL(request.url).searchParams.get('prompt') ?? 'hello';
  const words = plannerReply(prompt).text.split(' ');
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const word = words.shift();
      if (word === undefined) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
      controller.enqueue(encoder.encode(word + (words.length ? ' ' : '\n')));
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
