import { createInterface } from "node:readline";
import type { Command } from "commander";
import { formatIssue, Invalid, type Issue } from "../../model/index.js";
import { DEFAULT_ALGORITHM, type MatchResult, parseQuery } from "../../screening/index.js";
import type { Output } from "../output.js";

/** One line of `screen compare`: a query and a candidate of one schema. */
interface ComparePair {
  readonly query: { schema: string; properties: Record<string, readonly string[]> };
  readonly candidate: { id: string; schema: string; properties: Record<string, readonly string[]> };
}

/**
 * `cordon screen compare --json`: reads JSON lines `{"schema", "query": {...}, "candidate":
 * {...}}` (FtM properties; `candidate_schema` when the candidate's differs) and writes, line
 * for line, `{"score", "match", "features"}`. A bad line gets `{"error": ...}` and a note on
 * stderr naming its line; the command exits 2 at the end if any line was bad.
 */
export function registerScreenCompareCommand(screen: Command, output: () => Output): Command {
  return screen
    .command("compare")
    .description(
      "score pairs of records read as JSON lines on stdin: {schema, query, candidate} → {score, match, features}",
    )
    .option("--threshold <score>", "score at which a pair is a match", parseThreshold)
    .action(async (flags: { threshold?: number }) => {
      const out = output();
      const threshold = flags.threshold ?? DEFAULT_ALGORITHM.threshold;
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let line = 0;
      let failed = 0;
      for await (const text of lines) {
        line++;
        if (text.trim() === "") continue;
        let result: MatchResult;
        try {
          const pair = parsePair(text);
          result = DEFAULT_ALGORITHM.score(pair.query, pair.candidate, threshold);
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          failed++;
          for (const issue of error.issues.length > 0 ? error.issues : [{ message: error.message }])
            out.note(`line ${line}: ${formatIssue(issue as Issue)}`);
          out.result({ error: { error: error.code, message: error.message, line } }, () => "");
          continue;
        }
        out.result(
          result,
          () => `${result.score.toFixed(3)} ${result.match ? "match" : "no match"}`,
        );
      }
      if (failed > 0)
        throw new Invalid("lines_not_compared", `${failed} of ${line} lines were not compared`);
    });
}

function parsePair(text: string): ComparePair {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Invalid("bad_json", `not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Invalid("bad_pair", "expected an object {schema, query, candidate}", [
      { message: "expected an object {schema, query, candidate}" },
    ]);
  const line = value as Record<string, unknown>;
  const schema = line.schema;
  const candidateSchema = line.candidate_schema ?? schema;
  const query = parseQuery({ schema, properties: line.query ?? {} }, "query");
  const candidate = parseQuery(
    { schema: candidateSchema, properties: line.candidate ?? {} },
    "candidate",
  );
  return {
    query: { schema: query.schema, properties: { ...query.properties } },
    candidate: {
      id: "candidate",
      schema: candidate.schema,
      properties: { ...candidate.properties },
    },
  };
}

function parseThreshold(text: string): number {
  const value = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || value < 0 || value > 1)
    throw new Invalid("usage", `a threshold is a number from 0 to 1, not "${text}"`);
  return value;
}
