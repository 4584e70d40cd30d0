// Matrix standard error responses (client-server spec, "Standard error response"):
// a JSON body `{errcode, error}` with an HTTP status. Every refusal of the
// homeserver is one of these, so a client always learns what went wrong.

export class MatrixError extends Error {
  override name = 'MatrixError';
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    /** Extra members of the error body (for example `retry_after_ms`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

export const badJson = (message: string) => new MatrixError(400, 'M_BAD_JSON', message);
export const notJson = (message: string) => new MatrixError(400, 'M_NOT_JSON', message);
export const invalidParam = (message: string) => new MatrixError(400, 'M_INVALID_PARAM', message);
export const missingParam = (message: string) => new MatrixError(400, 'M_MISSING_PARAM', message);
export const forbidden = (message: string) => new MatrixError(403, 'M_FORBIDDEN', message);
export const notFound = (message: string) => new MatrixError(404, 'M_NOT_FOUND', message);
export const unknownToken = () => new MatrixError(401, 'M_UNKNOWN_TOKEN', 'Unknown or expired access token', { soft_logout: false });
export const missingToken = () => new MatrixError(401, 'M_MISSING_TOKEN', 'Missing access token');
export const tooLarge = (message: string) => new MatrixError(413, 'M_TOO_LARGE', message);

/** What the spec asks for an endpoint the server does not implement (404) or a method it does not allow (405). */
export const unrecognized = (method: string, path: string, status: 404 | 405 = 404) =>
  new MatrixError(
    status,
    'M_UNRECOGNIZED',
    status === 404
      ? `Unrecognized request: ${method} ${path} (this homeserver does not implement it; see docs/matrix-homeserver.md)`
      : `Method ${method} is not allowed on ${path}`,
  );
