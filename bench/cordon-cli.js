#!/usr/bin/env node
// `cordon` for the benchmarks (maritime-detect, chain), ending with process.exit: with PGlite
// and DuckDB both opened in one process, Node's natural exit hangs in native teardown;
// exiting explicitly measures the work, not the hang. Compiled or from the sources as
// bin/cordon.js decides (bin/load-cli.js).
import { loadCli } from "../bin/load-cli.js";

const { runCli } = await loadCli();
const code = await runCli(process.argv.slice(2));
// process.exit drops output still queued for a pipe: wait until stdout has taken it all.
await new Promise((resolve) => process.stdout.write("", resolve));
process.exit(code);
