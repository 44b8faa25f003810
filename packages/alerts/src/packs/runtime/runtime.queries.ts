/** How far back HeapGrowing compares the heap: its rule, runbook and description say it. */
export const HEAP_GROWTH_OFFSET = '1h';
