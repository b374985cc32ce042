import type { Funnel } from "@/lib/query/conversions-model";

/**
 * The funnel the dashboard shows: the one the URL names (`?funnel=<id>`),
 * else the site's first. Shared by the server's dashboard and the one
 * computed in the browser, so both show the same funnel for one URL.
 */
export function chooseFunnel(funnels: readonly Funnel[], id: string | undefined): Funnel | undefined {
  return funnels.find((funnel) => funnel.id === id) ?? funnels[0];
}
