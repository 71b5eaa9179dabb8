import { SaxesParser } from "saxes";
import { Invalid } from "../model/index.js";

/** An element of a record subtree, with the line it opened on for error messages. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  readonly line: number;
  text: string;
}

export interface XmlStreamOptions {
  /** True for the elements to yield whole; `path` is the local names from the root down. */
  readonly isRecord: (path: readonly string[]) => boolean;
  /** Called for every element outside records as it opens (root attributes, dates). */
  readonly onOpen?: (path: readonly string[], attrs: Readonly<Record<string, string>>) => void;
  /** Called with the text of elements outside records that have no children. */
  readonly onText?: (path: readonly string[], text: string) => void;
}

/**
 * Streams an XML document and yields each record element as a small tree when it closes, so
 * a list of any size is read in bounded memory. Namespace prefixes are dropped. Malformed or
 * truncated XML throws Invalid with the file, line and column.
 */
export async function* streamXmlRecords(
  chunks: AsyncIterable<string>,
  label: string,
  options: XmlStreamOptions,
): AsyncIterable<XmlElement> {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const stack: XmlElement[] = [];
  const ready: XmlElement[] = [];
  let outsideText = "";
  let failure: Invalid | undefined;

  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    path.push(name);
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes))
      attrs[localName(key)] = String(value);
    if (stack.length > 0 || options.isRecord(path)) {
      const element: XmlElement = { name, attrs, children: [], line: parser.line, text: "" };
      stack.at(-1)?.children.push(element);
      stack.push(element);
    } else {
      outsideText = "";
      options.onOpen?.(path, attrs);
    }
  });
  const onText = (text: string) => {
    const top = stack.at(-1);
    if (top !== undefined) top.text += text;
    else outsideText += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const element = stack.pop();
    if (element !== undefined && stack.length === 0) ready.push(element);
    if (element === undefined && outsideText.trim() !== "")
      options.onText?.(path, outsideText.trim());
    outsideText = "";
    path.pop();
  });
  parser.on("error", (error) => {
    failure ??= new Invalid(
      "bad_xml",
      `${label}:${parser.line}:${parser.column}: malformed XML: ${stripPosition(error.message)}`,
      [
        {
          file: label,
          line: parser.line,
          element: path.join("/"),
          message: `malformed XML: ${stripPosition(error.message)}`,
        },
      ],
    );
  });

  let sawRoot = false;
  for await (const chunk of chunks) {
    parser.write(chunk);
    if (failure !== undefined) throw failure;
    sawRoot ||= path.length > 0 || ready.length > 0;
    yield* ready.splice(0);
  }
  parser.close();
  if (failure !== undefined) throw failure;
  if (!sawRoot)
    throw new Invalid("bad_xml", `${label}: no XML element found`, [
      { file: label, message: "no XML element found" },
    ]);
  yield* ready.splice(0);
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

function stripPosition(message: string): string {
  return message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "");
}

/** The first child called `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** All children called `name` (all children when `name` is omitted). */
export function children(element: XmlElement | undefined, name?: string): XmlElement[] {
  if (element === undefined) return [];
  return name === undefined ? element.children : element.children.filter((c) => c.name === name);
}

/** The trimmed text of the child at `path` (names separated by "/"), or undefined if blank. */
export function textAt(element: XmlElement | undefined, path = ""): string | undefined {
  let current = element;
  for (const step of path.split("/").filter((s) => s !== "")) current = child(current, step);
  const text = current?.text.trim();
  return text === undefined || text === "" ? undefined : text;
}

/** The trimmed texts of every child called `name` (blank ones left out). */
export function textsOf(element: XmlElement | undefined, name: string): string[] {
  return children(element, name)
    .map((c) => c.text.trim())
    .filter((t) => t !== "");
}
