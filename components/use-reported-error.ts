"use client";

import { useEffect } from "react";

/**
 * For error boundaries: log the error to the browser console once and return
 * its digest. In production the server's message is withheld from the
 * browser; the digest is what matches the error in the server's log.
 */
export function useReportedError(error: unknown): string | undefined {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
}
