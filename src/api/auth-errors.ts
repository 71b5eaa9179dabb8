/**
 * HTTP-only refusals of authentication. They are not in the domain's error family (a refused
 * login is an outcome there, not an error); the error handler sends any 4xx error with a
 * `statusCode` and `code` as `{error: code, message}`.
 */

/** 401: no caller, or a credential or login refused. */
export class Unauthenticated extends Error {
  readonly statusCode = 401;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "Unauthenticated";
  }
}

/** 429: too many failed logins; the route sets Retry-After. */
export class TooManyRequests extends Error {
  readonly statusCode = 429;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TooManyRequests";
  }
}
