/**
 * The read API's one refusal of its own (access refusals are lib/access's):
 * a query parameter that is missing, malformed, unknown or out of range.
 * The message names the parameter and, where there is a list, what is allowed.
 */
export class InvalidParameter extends Error {
  readonly code = "invalid_parameter";

  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidParameter";
  }
}

/** The 400 an InvalidParameter becomes: `{ error: { code, message, parameter } }`. */
export function invalidParameterResponse(error: InvalidParameter, headers: HeadersInit): Response {
  return Response.json({ error: { code: error.code, message: error.message, parameter: error.parameter } }, { status: 400, headers });
}
