import { LoginInput, revokeSession } from "../../access/index.js";
import { callerContext } from "../auth.js";
import type { Context } from "../context.js";
import { clearSessionCookie, loginAndSetCookie } from "../session-cookie.js";
import type { App } from "../zod-schema.js";
import { html, layout, sendHtml } from "./html.js";

export interface LoginForm {
  readonly username: string;
  /** Where to go after logging in: a path on this server. */
  readonly next: string;
}

/** The login page: username, password, and a code from an authenticator app when needed. */
export function loginPage(form: LoginForm, error?: string): string {
  const body = html`<h1>Log in</h1>
<p class="muted">Coordinators and administrators also give the six-digit code of their authenticator app.</p>
${error === undefined ? "" : html`<div class="card sanction-card" role="alert"><p><strong>Not logged in:</strong> ${error}</p></div>`}
<form class="card screen-form" action="/ui/login" method="post">
  <input type="hidden" name="next" value="${form.next}">
  <label>Username <input name="username" value="${form.username}" autocomplete="username" required autofocus></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <label>Two-factor code <input name="totp" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" placeholder="123456"></label>
  <button type="submit">Log in</button>
</form>`;
  return layout("Log in", body);
}

/** Where to send a browser that must log in first, coming back to `request`'s page after. */
export function loginPath(request: { readonly url: string }): string {
  return `/ui/login?next=${encodeURIComponent(safeNext(request.url))}`;
}

/** Only a path on this server: "//evil.example" or "https://..." would make an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s]*$/.test(next) ? next : "/";
}

/**
 * GET and POST /ui/login, POST /ui/logout. The HTML form posts url-encoded fields; the parser
 * for them is registered in this plugin's scope only, so JSON routes keep taking JSON alone.
 */
export function registerLoginPage(app: App, ctx: Context): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );

    scope.get("/ui/login", { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      return sendHtml(reply, loginPage({ username: "", next: safeNext(query.next) }));
    });

    scope.post("/ui/login", { schema: { hide: true } }, async (request, reply) => {
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const form = {
        username: typeof fields.username === "string" ? fields.username.slice(0, 200) : "",
        next: safeNext(fields.next),
      };
      const totp =
        typeof fields.totp === "string" && fields.totp.trim() !== ""
          ? fields.totp.trim()
          : undefined;
      const parsed = LoginInput.safeParse({
        username: form.username,
        password: fields.password,
        totp,
      });
      if (!parsed.success)
        return sendHtml(
          reply,
          loginPage(
            form,
            "fill in the username and password (and a six-digit code if you have one)",
          ),
          400,
        );
      try {
        await loginAndSetCookie(ctx, request, reply, parsed.data);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== 401 && status !== 429) throw error;
        return sendHtml(reply, loginPage(form, (error as Error).message), status);
      }
      return reply.redirect(form.next, 303);
    });

    scope.post("/ui/logout", { schema: { hide: true } }, async (request, reply) => {
      if (request.principal !== undefined && request.credential?.kind === "session")
        await revokeSession(callerContext(ctx, request), request.credential.id);
      clearSessionCookie(reply);
      return reply.redirect("/ui/login", 303);
    });
  });
}
