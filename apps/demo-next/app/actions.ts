'use server';

import { runPlanner } from '@/lib/agent';

/** The page's form posts here (a server action). */
export async function askPlanner(_previous: string, form: FormData): Promise<string> {
  const prompt = form.get('prompt');
  return typeof prompt === 'string' && prompt ? runPlanner(prompt) : 'Ask something first.';
}
