import { createFetchMetricsHandler, DEFAULT_EXCLUDED_PATHS } from '@obskit/middleware';

// An Edge route that imports obskit, as a site's Edge code may: bundlers pick the package's Edge entry
// (exports condition `edge-light`), which loads no Node.js module, so the import is free and the rest of
// the site keeps working. Measuring needs Node.js: `?measure` shows the error a call gets here.
export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  if (new URL(request.url).searchParams.has('measure')) {
    try {
      createFetchMetricsHandler({} as Parameters<typeof createFetchMetricsHandler>[0]);
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      return Response.json({ code, message }, { status: 500 });
    }
  }
  return Response.json({ excludedPaths: DEFAULT_EXCLUDED_PATHS });
}
