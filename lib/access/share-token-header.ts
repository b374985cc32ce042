/** The header a shared dashboard's client components send their link's token in (read by lib/access/callers.ts). */
export const SHARE_TOKEN_HEADER = "x-inlet-share-token";
