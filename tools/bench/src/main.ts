import { FULL_PROFILE, parseBenchArgs, QUICK_PROFILE, readPreviousResults, runBench } from './bench.js';

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  // read before anything runs, so that a wrong revision fails at once
  const before = args.before === undefined ? undefined : readPreviousResults(args.before);
  const run = await runBench({
    profile: args.quick ? QUICK_PROFILE : FULL_PROFILE,
    quick: args.quick,
    only: args.only,
    out: args.out,
    conditions: args.conditions,
    before,
    log: (line) => console.log(line),
  });
  const missed = run.results.flatMap((r) => r.goals).filter((g) => !g.met);
  console.log(`[bench] wrote ${args.out}`);
  if (missed.length > 0) {
    console.log(`[bench] goals missed: ${missed.map((g) => `${g.goal} (${g.measured})`).join('; ')}`);
  }
}

main().then(
  // the suites close their servers and children; exit anyway in case a library keeps a handle open
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
