#!/usr/bin/env node
// Runs the compiled CLI when dist/ is up to date with src/, else the sources through tsx (see
// load-cli.js): there is no build step to forget.
import { loadCli } from "./load-cli.js";

const { runCli } = await loadCli();
process.exitCode = await runCli(process.argv.slice(2));
