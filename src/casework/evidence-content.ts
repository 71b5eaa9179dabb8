import { Invalid } from "../model/index.js";

/** The largest evidence item accepted, in bytes (the bytes live in PostgreSQL, see evidence.ts). */
export const MAX_EVIDENCE_BYTES = 25 * 1024 * 1024;

type Check = (bytes: Uint8Array) => boolean;

const startsWith =
  (...signatures: number[][]): Check =>
  (bytes) =>
    signatures.some((sig) => sig.every((b, i) => bytes[i] === b));

const utf8 = (bytes: Uint8Array): string | undefined => {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.includes("\u0000") ? undefined : text;
  } catch {
    return undefined;
  }
};
const isText: Check = (bytes) => utf8(bytes) !== undefined;
const isJson: Check = (bytes) => {
  const text = utf8(bytes);
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const isXml: Check = (bytes) => /^\uFEFF?\s*</.test(utf8(bytes) ?? "");

/**
 * The media types evidence may have, each with the check its bytes must pass: a file is
 * what its first bytes say, not what its name or the client claims, so a script sent as
 * "image/png" is refused.
 */
export const MEDIA_TYPES: Readonly<Record<string, Check>> = {
  "image/png": startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": startsWith([0xff, 0xd8, 0xff]),
  "image/tiff": startsWith([0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]),
  "application/pdf": startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]),
  "application/json": isJson,
  "application/geo+json": isJson,
  "application/vnd.google-earth.kml+xml": isXml,
  "application/xml": isXml,
  "text/plain": isText,
  "text/csv": isText,
};

/**
 * Throws Invalid unless `filename` is a plain file name: no directories (`/`, `\`), no `..`,
 * no control characters, no leading dot, at most 255 characters. Stored bytes are addressed by
 * their hash, never by this name; the name is kept only to be shown and offered on download.
 */
export function checkFilename(filename: string): string {
  const problem =
    filename.length === 0
      ? "is empty"
      : filename.length > 255
        ? "is longer than 255 characters"
        : /[/\\]/.test(filename)
          ? "contains a path separator"
          : // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
            /[\u0000-\u001f\u007f]/.test(filename)
            ? "contains a control character"
            : filename.startsWith(".")
              ? "starts with a dot"
              : undefined;
  if (problem !== undefined)
    throw new Invalid("invalid_filename", `file name ${problem}`, [
      { field: "filename", message: `file name ${problem}`, value: filename },
    ]);
  return filename;
}

/** Throws Invalid when the bytes are empty, too large, of a type not accepted, or not that type. */
export function checkContent(bytes: Uint8Array, mediaType: string): void {
  const fail = (message: string) => {
    throw new Invalid("invalid_content", message, [{ field: "file", message, value: mediaType }]);
  };
  if (bytes.length === 0) fail("the file is empty");
  if (bytes.length > MAX_EVIDENCE_BYTES)
    fail(`the file is ${bytes.length} bytes; at most ${MAX_EVIDENCE_BYTES} are accepted`);
  const check = MEDIA_TYPES[mediaType];
  if (check === undefined)
    fail(`media type ${mediaType} is not accepted (${Object.keys(MEDIA_TYPES).join(", ")})`);
  else if (!check(bytes)) fail(`the content is not ${mediaType}`);
}
