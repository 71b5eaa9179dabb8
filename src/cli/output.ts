/** How a command writes: JSON lines for programs, aligned text for people. */
export interface Output {
  readonly json: boolean;
  /** A result: one JSON line with --json, else the human text. */
  result(value: unknown, human: () => string): void;
  /** Many results as JSON lines, written a megabyte at a time (a trace has 800,000). */
  jsonLines(values: Iterable<unknown>): void;
  /** A line for people only (silent under --json). */
  info(text: string): void;
  /** A warning or a progress note, always on stderr. */
  note(text: string): void;
}

export function makeOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    json,
    result: (value, human) => {
      stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
    },
    jsonLines: (values) => {
      let batch = "";
      for (const value of values) {
        batch += `${JSON.stringify(value)}\n`;
        if (batch.length >= 1 << 20) {
          stdout.write(batch);
          batch = "";
        }
      }
      if (batch !== "") stdout.write(batch);
    },
    info: (text) => {
      if (!json) stdout.write(`${text}\n`);
    },
    note: (text) => {
      stderr.write(`${text}\n`);
    },
  };
}

/** Left-aligned columns with a header row, for terminal listings. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined | null)[])[],
): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((c) => (c === undefined || c === null ? "" : String(c)))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : (cell ?? "").padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
