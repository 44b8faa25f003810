'use client';

import { useActionState } from 'react';
import { askPlanner } from './actions';

export function AskForm() {
  const [reply, action, pending] = useActionState(askPlanner, '');
  return (
    <form action={action}>
      <input name="prompt" placeholder="Where is order 42?" />
      <button type="submit" disabled={pending}>
        Ask the planner
      </button>
      <p>{reply}</p>
    </form>
  );
}
