/** Splits text chunks into lines, numbered from 1 (CRLF and LF endings). */
export async function* readLines(
  chunks: AsyncIterable<string>,
): AsyncIterable<{ line: number; text: string }> {
  let pending = "";
  let line = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
      line++;
      yield { line, text: stripCr(pending.slice(start, end)) };
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0) yield { line: line + 1, text: stripCr(pending) };
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
