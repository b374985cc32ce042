import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Why the collector refused a request. Each code is part of the public API. */
export type CollectorErrorCode =
  | "payload_too_large"
  | "invalid_json"
  | "invalid_batch"
  | "unknown_site"
  | "invalid_api_key"
  | "forbidden"
  | "origin_not_allowed"
  | "rate_limited"
  | "unavailable";

const statusOf: Record<CollectorErrorCode, ContentfulStatusCode> = {
  payload_too_large: 413,
  invalid_json: 400,
  invalid_batch: 400,
  unknown_site: 404,
  invalid_api_key: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  rate_limited: 429,
  unavailable: 503,
};

/** The one error type of the collector; `app.onError` turns it into a JSON answer. */
export class CollectorError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: CollectorErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds after which a retry may succeed (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "CollectorError";
    this.status = statusOf[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
