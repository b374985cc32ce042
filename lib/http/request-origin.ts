// host[:port], with IPv6 literals in brackets; anything else in a Host header is refused.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the browser used to reach the app ("https://inlet.example.com"),
 * from the request headers. Behind a proxy, X-Forwarded-Host/-Proto say what
 * the browser saw; the first entry of a list is the one nearest the browser.
 * Only for showing the app's own address (the install snippet): it is not
 * trustworthy enough to build security decisions on.
 */
export function requestOrigin(headers: Headers, fallback = "http://localhost:3000"): string {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host");
  if (!host || !HOST.test(host)) return fallback;
  const proto = first("x-forwarded-proto")?.toLowerCase();
  return `${proto === "https" || proto === "http" ? proto : "http"}://${host.toLowerCase()}`;
}
