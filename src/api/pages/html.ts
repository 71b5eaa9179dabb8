import type { FastifyReply, FastifyRequest } from "fastify";

/** Markup that is already escaped; only `html` and `raw` make one. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join("");
  if (part === null || part === undefined || part === false) return "";
  return escapeHtml(String(part));
}

/**
 * A template tag: every interpolated value is escaped unless it is already Html, so a name
 * like `<script>` on a list shows as text.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/**
 * True when the caller prefers a page to JSON: its Accept header names text/html with a
 * higher quality than application/json (or as high, and first), as browsers send it.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const ranges = (request.headers.accept ?? "").split(",").map((part, index) => {
    const [type = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    return { type, index, q: q === undefined ? 1 : Number.parseFloat(q.slice(2)) || 0 };
  });
  const html = ranges.find((r) => r.type === "text/html");
  const json = ranges.find((r) => r.type === "application/json");
  if (html === undefined || html.q === 0) return false;
  return json === undefined || html.q > json.q || (html.q === json.q && html.index < json.index);
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --accent: #1f5fbf; --bg: #f6f7f9; --warn: #a4262c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #14213d; color: #fff; padding: 0.8rem 1.5rem; display: flex; align-items: center; gap: 1.5rem; flex-wrap: wrap; }
header a.brand { color: #fff; font-weight: 700; font-size: 1.15rem; text-decoration: none; letter-spacing: 0.02em; }
header nav a { color: #c9d6f0; margin-right: 1rem; text-decoration: none; font-size: 0.9rem; }
header form { margin-left: auto; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.1rem; margin: 1.8rem 0 0.6rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f6; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date, th.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr:last-child td { border-bottom: none; }
input[type=search] { font: inherit; padding: 0.45rem 0.7rem; border: 1px solid var(--line); border-radius: 6px; width: 22rem; max-width: 100%; }
button { font: inherit; padding: 0.45rem 0.9rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
.search-hero { display: flex; gap: 0.5rem; margin: 0.8rem 0 0.3rem; }
.screen-form { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; }
.screen-form label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 0.2rem; }
.screen-form input, .screen-form select { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid var(--line); border-radius: 6px; }
.search-hero input { flex: 1; width: auto; font-size: 1.05rem; padding: 0.6rem 0.8rem; }
.tag { display: inline-block; font-size: 0.78rem; padding: 0.05rem 0.5rem; border-radius: 999px; background: #e7edf8; color: #24406f; margin-right: 0.3rem; }
.tag.sanction { background: #fbe9ea; color: var(--warn); }
.sanction-card { border-left: 4px solid var(--warn); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0 0; }
dt { color: var(--muted); }
dd { margin: 0; }
code { font-size: 0.85em; background: #eef1f6; padding: 0.05rem 0.3rem; border-radius: 4px; }
footer { color: var(--muted); font-size: 0.8rem; text-align: center; padding: 2rem; }
`;

/** A whole page: header with search, the content, a footer. */
export function layout(title: string, content: Html, query = ""): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Cordon</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
  <a class="brand" href="/">Cordon</a>
  <nav><a href="/">Datasets</a><a href="/ui/screen">Screen</a><a href="/ui/maritime">Maritime</a><a href="/ui/chain">Chain</a><a href="/casework/incidents">Incidents</a><a href="/casework/evidence">Evidence</a><a href="/docs">API</a><a href="/ui/login">Log in</a></nav>
  <form action="/search" method="get" role="search">
    <input type="search" name="q" value="${query}" placeholder="Search names, IMO numbers, ids" aria-label="Search">
  </form>
</header>
<main>
${content}
</main>
<footer>Cordon · monitoring the UN sanctions on the DPRK · <a href="/openapi.json">OpenAPI</a></footer>
</body>
</html>
`.text;
}

/** The page shown for an error when a browser asked. */
export function errorPage(status: number, body: { error: string; message: string }): string {
  const title = status === 404 ? "Not found" : status < 500 ? "Bad request" : "Server error";
  return layout(
    title,
    html`<div class="card"><h1>${title}</h1><p>${body.message}</p><p class="muted"><code>${body.error}</code> · <a href="/">back to the datasets</a></p></div>`,
  );
}

/** "2024-05-01" from an ISO timestamp; empty stays empty. */
export function day(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? "" : iso.slice(0, 10);
}

/** Sends a page; routes whose JSON replies are typed by their schema send pages through here. */
export function sendHtml(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.status(status).type("text/html; charset=utf-8").send(page);
}
