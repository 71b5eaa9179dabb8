/** Where a problem sits in an input: a file, and a line or an element path within it. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly element?: string;
  readonly field?: string;
}

/** One problem found in an input, with where it is and the value at fault. */
export interface Issue extends Location {
  readonly message: string;
  readonly value?: string;
}

export class CordonError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record does not exist, or the caller may not see it. HTTP 404, exit 1. */
export class NotFound extends CordonError {}

/** The caller may see the record but not act on it. Reads answer NotFound instead. */
export class Forbidden extends CordonError {}

/** Bad input: says which file, line and field. HTTP 400, exit 2 (usage) or 1 (data). */
export class Invalid extends CordonError {
  constructor(
    code: string,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(code, message);
  }
}

/** "file:12 field: message (value)", the form every command prints an issue in. */
export function formatIssue(issue: Issue): string {
  const place = [issue.file, issue.line ?? issue.element].filter((p) => p !== undefined).join(":");
  const where = [place, issue.field].filter((p) => p !== undefined && p !== "").join(" ");
  const value = issue.value === undefined ? "" : ` (${JSON.stringify(truncate(issue.value, 80))})`;
  return `${where ? `${where}: ` : ""}${issue.message}${value}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
