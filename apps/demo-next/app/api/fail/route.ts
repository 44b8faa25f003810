export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Always throws: Next.js answers 500, and the request is still measured. */
export function GET(): Response {
  throw new Error('demo failure');
}
