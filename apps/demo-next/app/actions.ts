'use server';

import { runPlanner } from '@/lib/agent';

/** The page's form posts here (a server action). */
export async function askPlanner(_previous: string, form: FormData | null): Promise<string> {
  const prompt = form instanceof FormData ? form.get('prompt') : null;
  return typeof prompt === 'string' && prompt ? runPlanner(prompt) : 'Ask something first.';
}
