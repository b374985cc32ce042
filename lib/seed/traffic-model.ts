import { weightedTable, zipfWeights, type WeightedTable } from "./random";

/**
 * The demo site's world: its pages, where its visitors come from, what they
 * browse with, and when. Shapes follow what public Plausible and PostHog demo
 * dashboards show; the numbers are plausible, not measured.
 */

// ---------------------------------------------------------------------------
// Pages

const INTEGRATIONS = ["nextjs", "wordpress", "shopify", "webflow", "ghost", "astro", "hugo", "gatsby", "remix", "sveltekit", "nuxt", "framer"];

const BLOG_POSTS = [
  "introducing-inlet",
  "cookieless-analytics-explained",
  "why-we-built-on-postgres",
  "event-sourcing-for-analytics",
  "google-analytics-alternatives",
  "gdpr-and-web-analytics",
  "duckdb-in-the-browser",
  "parquet-for-analytics-history",
  "how-we-count-unique-visitors",
  "utm-tags-done-right",
  "bounce-rate-is-misleading",
  "self-hosting-in-ten-minutes",
  "edge-collectors-at-scale",
  "a-1kb-tracking-script",
  "single-page-app-tracking",
  "measuring-docs-engagement",
  "product-analytics-without-cookies",
  "funnels-with-sql",
  "what-is-a-session",
  "referrer-spam-and-bots",
  "our-pricing-explained",
  "launch-week-recap",
  "postgres-partitioning-lessons",
  "natural-language-analytics",
  "open-startup-numbers",
  "server-side-tracking-guide",
  "privacy-first-marketing",
  "core-web-vitals-and-analytics",
  "migrating-from-universal-analytics",
  "building-dashboards-with-recharts",
  "row-level-security-multitenancy",
  "cqrs-read-models",
  "time-zones-are-hard",
  "hacker-news-launch-retrospective",
  "year-in-review",
  "sampling-vs-exact-counts",
  "custom-events-cookbook",
  "shared-dashboards",
  "api-keys-and-exports",
  "what-we-learned-from-10-billion-events",
];

const DOCS_PAGES = [
  "getting-started",
  "getting-started/install-the-script",
  "getting-started/verify-installation",
  "getting-started/add-a-site",
  "tracking/custom-events",
  "tracking/single-page-apps",
  "tracking/outbound-links",
  "tracking/file-downloads",
  "tracking/utm-parameters",
  "tracking/identify-users",
  "tracking/exclude-visits",
  "tracking/proxy-the-script",
  "tracking/revenue",
  "dashboard/overview",
  "dashboard/filters",
  "dashboard/comparisons",
  "dashboard/funnels",
  "dashboard/goals",
  "dashboard/realtime",
  "dashboard/shared-links",
  "dashboard/ask-a-question",
  "api/overview",
  "api/authentication",
  "api/events",
  "api/stats",
  "api/sites",
  "api/rate-limits",
  "api/errors",
  "self-hosting",
  "self-hosting/docker",
  "self-hosting/postgres",
  "self-hosting/neon",
  "self-hosting/blob-storage",
  "self-hosting/environment",
  "self-hosting/upgrading",
  "self-hosting/backups",
  "privacy/data-policy",
  "privacy/gdpr",
  "privacy/visitor-ids",
  "privacy/bots",
  "integrations/nextjs",
  "integrations/wordpress",
  "integrations/shopify",
  "integrations/google-tag-manager",
  "faq",
  "troubleshooting",
  "changelog",
  "glossary",
];

/** The most visited pages, in popularity order; the long tail follows interleaved. */
const HEAD_PAGES = [
  "/",
  "/pricing",
  "/docs",
  "/blog",
  "/features",
  "/docs/getting-started",
  "/signup",
  "/login",
  "/blog/introducing-inlet",
  "/docs/getting-started/install-the-script",
  "/compare/google-analytics",
  "/blog/cookieless-analytics-explained",
  "/changelog",
  "/about",
  "/integrations",
  "/docs/tracking/custom-events",
  "/blog/google-analytics-alternatives",
  "/compare/plausible",
  "/customers",
  "/docs/api/overview",
];

const TAIL_GROUPS = [
  DOCS_PAGES.map((page) => `/docs/${page}`),
  BLOG_POSTS.map((post) => `/blog/${post}`),
  [
    ...INTEGRATIONS.map((name) => `/integrations/${name}`),
    "/compare/posthog",
    "/compare/umami",
    "/contact",
    "/security",
    "/privacy",
    "/terms",
    "/careers",
    "/imprint",
    "/status",
    "/brand",
  ],
];

function interleave(groups: string[][], skip: Set<string>): string[] {
  const out: string[] = [];
  const longest = Math.max(...groups.map((group) => group.length));
  for (let index = 0; index < longest; index++) {
    for (const group of groups) {
      const page = group[index];
      if (page !== undefined && !skip.has(page)) out.push(page);
    }
  }
  return out;
}

/** Every path of the demo site, most popular first (~130 paths). */
export const PAGES: readonly string[] = [...HEAD_PAGES, ...interleave(TAIL_GROUPS, new Set(HEAD_PAGES))];

export type Section = "docs" | "blog" | "other";

export function sectionOf(path: string): Section {
  if (path === "/docs" || path.startsWith("/docs/")) return "docs";
  if (path === "/blog" || path.startsWith("/blog/")) return "blog";
  return "other";
}

function zipfTable(paths: readonly string[], exponent: number): WeightedTable<string> {
  const weights = zipfWeights(paths.length, exponent);
  return weightedTable(paths.map((path, index) => [path, weights[index]!] as const));
}

/** Page popularity: Zipf over the whole site and within the two big sections. */
export const pageTables = {
  all: zipfTable(PAGES, 1.05),
  docs: zipfTable(
    PAGES.filter((path) => sectionOf(path) === "docs"),
    0.9,
  ),
  blog: zipfTable(
    PAGES.filter((path) => sectionOf(path) === "blog"),
    0.9,
  ),
  /** Where a launch-day crowd lands: the newest posts, heavily the announcement. */
  launch: zipfTable(["/blog/introducing-inlet", "/", "/blog/hacker-news-launch-retrospective", "/pricing"], 1.6),
};

// ---------------------------------------------------------------------------
// Where visitors come from

export interface Referral {
  /** The full referrer URL, as `document.referrer` gives it. */
  url: string;
  host: string;
  /** Where this kind of visitor tends to land. */
  landing: "home" | "search" | "blog" | "docs";
}

function referral(url: string, landing: Referral["landing"]): Referral {
  return { url, host: new URL(url).hostname, landing };
}

/** Referrers of sessions without UTM tags; `null` is direct traffic. */
export const referrers: WeightedTable<Referral | null> = weightedTable<Referral | null>([
  [null, 36],
  [referral("https://www.google.com/", "search"), 22],
  [referral("https://www.google.de/", "search"), 3],
  [referral("https://www.google.co.uk/", "search"), 1.5],
  [referral("https://www.google.fr/", "search"), 1],
  [referral("https://duckduckgo.com/", "search"), 5],
  [referral("https://www.bing.com/", "search"), 2.5],
  [referral("https://search.brave.com/", "search"), 1],
  [referral("https://www.ecosia.org/", "search"), 0.6],
  [referral("https://t.co/", "blog"), 2.5],
  [referral("https://x.com/", "blog"), 1.5],
  [referral("https://github.com/inlet-analytics/inlet", "docs"), 3.5],
  [referral("https://github.com/topics/web-analytics", "home"), 1],
  [referral("https://github.com/awesome-selfhosted/awesome-selfhosted", "home"), 1.2],
  [referral("https://news.ycombinator.com/", "blog"), 3],
  [referral("https://www.reddit.com/r/webdev/", "blog"), 1.3],
  [referral("https://www.reddit.com/r/selfhosted/", "home"), 1.5],
  [referral("https://www.linkedin.com/", "blog"), 1.5],
  [referral("https://dev.to/", "blog"), 1],
  [referral("https://stackoverflow.com/", "docs"), 1.2],
  [referral("https://chatgpt.com/", "home"), 2],
  [referral("https://www.perplexity.ai/", "docs"), 0.6],
  [referral("https://www.producthunt.com/", "home"), 0.8],
  [referral("https://alternativeto.net/", "home"), 0.7],
  [referral("https://bsky.app/", "blog"), 0.8],
  [referral("https://mastodon.social/", "blog"), 0.7],
]);

export const HACKER_NEWS = referral("https://news.ycombinator.com/", "blog");

export interface Campaign {
  source: string;
  medium: string;
  campaign: string;
  terms: readonly string[] | null;
  contents: readonly string[] | null;
  referrer: Referral | null;
  landing: Referral["landing"];
}

/** Tagged links: newsletters, ads, social posts. */
export const campaigns: WeightedTable<Campaign> = weightedTable<Campaign>([
  [
    {
      source: "newsletter",
      medium: "email",
      campaign: "product-update",
      terms: null,
      contents: ["header-link", "feature-card", "footer-cta"],
      referrer: null,
      landing: "blog",
    },
    4,
  ],
  [{ source: "newsletter", medium: "email", campaign: "weekly-digest", terms: null, contents: ["top-story", "more-reading"], referrer: null, landing: "blog" }, 3],
  [
    {
      source: "google",
      medium: "cpc",
      campaign: "brand",
      terms: ["inlet analytics", "inlet web analytics"],
      contents: ["ad-a", "ad-b"],
      referrer: referral("https://www.google.com/", "home"),
      landing: "home",
    },
    2,
  ],
  [
    {
      source: "google",
      medium: "cpc",
      campaign: "privacy-analytics",
      terms: ["privacy friendly analytics", "cookieless analytics", "google analytics alternative", "gdpr compliant analytics"],
      contents: ["ad-a", "ad-b", "ad-c"],
      referrer: referral("https://www.google.com/", "home"),
      landing: "home",
    },
    3,
  ],
  [
    { source: "twitter", medium: "social", campaign: "launch-week", terms: null, contents: ["day-1", "day-2", "day-3"], referrer: referral("https://t.co/", "blog"), landing: "blog" },
    1.5,
  ],
  [{ source: "linkedin", medium: "social", campaign: "launch-week", terms: null, contents: null, referrer: referral("https://www.linkedin.com/", "blog"), landing: "blog" }, 1],
  [
    { source: "producthunt", medium: "referral", campaign: "launch", terms: null, contents: null, referrer: referral("https://www.producthunt.com/", "home"), landing: "home" },
    0.8,
  ],
  [{ source: "partner", medium: "affiliate", campaign: "agency-program", terms: null, contents: ["sidebar", "review"], referrer: null, landing: "home" }, 0.7],
]);

/** Share of sessions arriving through a tagged link. */
export const CAMPAIGN_SHARE = 0.11;

// ---------------------------------------------------------------------------
// Where visitors are (ISO 3166-1 alpha-2; regions are ISO 3166-2 subdivision codes)

export interface Place {
  region: string;
  city: string;
}

export interface Country {
  code: string;
  languages: WeightedTable<string>;
  places: readonly Place[];
}

function country(code: string, languages: [string, number][], places: [string, string][] = []): Country {
  return { code, languages: weightedTable(languages), places: places.map(([region, city]) => ({ region, city })) };
}

export const countries: WeightedTable<Country> = weightedTable<Country>([
  [
    country(
      "US",
      [["en-US", 95], ["es-US", 5]],
      [["CA", "San Francisco"], ["CA", "Los Angeles"], ["NY", "New York"], ["WA", "Seattle"], ["TX", "Austin"], ["IL", "Chicago"], ["MA", "Boston"], ["CO", "Denver"]],
    ),
    27,
  ],
  [country("DE", [["de-DE", 70], ["en-US", 25], ["en-GB", 5]], [["BE", "Berlin"], ["BY", "Munich"], ["HH", "Hamburg"], ["NW", "Köln"], ["HE", "Frankfurt am Main"]]), 11],
  [country("GB", [["en-GB", 90], ["en-US", 10]], [["ENG", "London"], ["ENG", "Manchester"], ["SCT", "Edinburgh"], ["ENG", "Bristol"]]), 7],
  [country("IN", [["en-IN", 60], ["en-US", 35], ["hi-IN", 5]], [["KA", "Bengaluru"], ["MH", "Mumbai"], ["DL", "New Delhi"], ["TG", "Hyderabad"]]), 6],
  [country("FR", [["fr-FR", 75], ["en-US", 25]], [["IDF", "Paris"], ["ARA", "Lyon"], ["OCC", "Toulouse"]]), 5],
  [country("CA", [["en-CA", 65], ["fr-CA", 20], ["en-US", 15]], [["ON", "Toronto"], ["BC", "Vancouver"], ["QC", "Montréal"]]), 4],
  [country("NL", [["nl-NL", 55], ["en-US", 45]], [["NH", "Amsterdam"], ["ZH", "Rotterdam"], ["UT", "Utrecht"]]), 3.5],
  [country("BR", [["pt-BR", 85], ["en-US", 15]], [["SP", "São Paulo"], ["RJ", "Rio de Janeiro"]]), 3],
  [country("JP", [["ja-JP", 80], ["en-US", 20]], [["13", "Tokyo"], ["27", "Osaka"]]), 2.5],
  [country("AU", [["en-AU", 85], ["en-US", 15]], [["NSW", "Sydney"], ["VIC", "Melbourne"]]), 2.5],
  [country("ES", [["es-ES", 75], ["en-US", 25]], [["MD", "Madrid"], ["CT", "Barcelona"]]), 2.2],
  [country("PL", [["pl-PL", 70], ["en-US", 30]], [["14", "Warsaw"], ["12", "Kraków"]]), 2],
  [country("IT", [["it-IT", 75], ["en-US", 25]], [["25", "Milan"], ["62", "Rome"]]), 2],
  [country("SE", [["sv-SE", 55], ["en-US", 45]], [["AB", "Stockholm"]]), 1.5],
  [country("CH", [["de-CH", 60], ["fr-CH", 20], ["en-US", 20]], [["ZH", "Zürich"], ["GE", "Genève"]]), 1.3],
  [country("AT", [["de-AT", 75], ["en-US", 25]], [["9", "Vienna"]]), 1.2],
  [country("BE", [["nl-BE", 50], ["fr-BE", 35], ["en-US", 15]]), 1],
  [country("DK", [["da-DK", 60], ["en-US", 40]]), 0.8],
  [country("FI", [["fi-FI", 55], ["en-US", 45]]), 0.7],
  [country("NO", [["nb-NO", 55], ["en-US", 45]]), 0.7],
  [country("IE", [["en-IE", 80], ["en-GB", 20]]), 0.7],
  [country("PT", [["pt-PT", 70], ["en-US", 30]]), 0.8],
  [country("CZ", [["cs-CZ", 65], ["en-US", 35]]), 0.8],
  [country("UA", [["uk-UA", 60], ["en-US", 40]]), 0.8],
  [country("SG", [["en-SG", 60], ["en-US", 40]]), 0.8],
  [country("KR", [["ko-KR", 85], ["en-US", 15]]), 0.9],
  [country("MX", [["es-MX", 85], ["en-US", 15]]), 0.9],
  [country("AR", [["es-AR", 85], ["en-US", 15]]), 0.6],
  [country("ZA", [["en-ZA", 90], ["en-US", 10]]), 0.5],
  [country("NG", [["en-NG", 70], ["en-US", 30]]), 0.5],
  [country("ID", [["id-ID", 70], ["en-US", 30]]), 0.8],
  [country("TR", [["tr-TR", 75], ["en-US", 25]]), 0.6],
  [country("IL", [["he-IL", 50], ["en-US", 50]]), 0.5],
  [country("NZ", [["en-NZ", 85], ["en-US", 15]]), 0.4],
  [country("VN", [["vi-VN", 75], ["en-US", 25]]), 0.5],
]);

/** Share of visitors whose region and city the edge knows. */
export const PLACE_SHARE = 0.72;

// ---------------------------------------------------------------------------
// What visitors browse with (names as ua-parser-js reports them)

export type DeviceType = "desktop" | "mobile" | "tablet";

export interface Platform {
  os: string;
  osVersions: WeightedTable<string | null>;
  browsers: WeightedTable<Browser>;
}

export interface Browser {
  name: string;
  versions: WeightedTable<string>;
}

function versions(list: [string, number][]): WeightedTable<string> {
  return weightedTable(list);
}

const chromium = (name: string) =>
  ({ name, versions: versions([["142.0.0.0", 40], ["141.0.0.0", 30], ["140.0.0.0", 15], ["139.0.0.0", 8], ["138.0.0.0", 7]]) }) satisfies Browser;
const firefox = (name: string) => ({ name, versions: versions([["145.0", 45], ["144.0", 30], ["143.0", 10], ["140.0", 15]]) }) satisfies Browser;
const safari = (name: string) => ({ name, versions: versions([["26.1", 40], ["26.0", 25], ["18.6", 25], ["18.5", 10]]) }) satisfies Browser;

export const devices: WeightedTable<DeviceType> = weightedTable<DeviceType>([
  ["desktop", 58],
  ["mobile", 38],
  ["tablet", 4],
]);

export const platforms: Record<DeviceType, WeightedTable<Platform>> = {
  desktop: weightedTable<Platform>([
    [
      {
        os: "Windows",
        osVersions: weightedTable<string | null>([["10", 60], ["11", 40]]),
        browsers: weightedTable<Browser>([[chromium("Chrome"), 64], [chromium("Edge"), 22], [firefox("Firefox"), 10], [chromium("Opera"), 4]]),
      },
      52,
    ],
    [
      {
        os: "macOS",
        osVersions: weightedTable<string | null>([["10.15.7", 100]]),
        browsers: weightedTable<Browser>([[chromium("Chrome"), 52], [safari("Safari"), 33], [firefox("Firefox"), 10], [chromium("Edge"), 5]]),
      },
      34,
    ],
    [
      {
        os: "Linux",
        osVersions: weightedTable<string | null>([[null, 100]]),
        browsers: weightedTable<Browser>([[chromium("Chrome"), 50], [firefox("Firefox"), 45], [chromium("Chromium"), 5]]),
      },
      11,
    ],
    [
      {
        os: "Chrome OS",
        osVersions: weightedTable<string | null>([["14541.0.0", 100]]),
        browsers: weightedTable<Browser>([[chromium("Chrome"), 100]]),
      },
      3,
    ],
  ]),
  mobile: weightedTable<Platform>([
    [
      {
        os: "iOS",
        osVersions: weightedTable<string | null>([["26.1", 30], ["26.0", 20], ["18.6", 30], ["18.5", 10], ["17.7", 10]]),
        browsers: weightedTable<Browser>([[safari("Mobile Safari"), 84], [chromium("Mobile Chrome"), 13], [firefox("Mobile Firefox"), 3]]),
      },
      54,
    ],
    [
      {
        os: "Android",
        osVersions: weightedTable<string | null>([["16", 20], ["15", 35], ["14", 25], ["13", 12], ["12", 8]]),
        browsers: weightedTable<Browser>([
          [chromium("Mobile Chrome"), 76],
          [{ name: "Samsung Internet", versions: versions([["29.0", 55], ["28.0", 45]]) }, 17],
          [firefox("Mobile Firefox"), 4],
          [chromium("Opera"), 3],
        ]),
      },
      46,
    ],
  ]),
  tablet: weightedTable<Platform>([
    [
      {
        os: "iOS",
        osVersions: weightedTable<string | null>([["26.1", 35], ["18.6", 45], ["17.7", 20]]),
        browsers: weightedTable<Browser>([[safari("Mobile Safari"), 90], [chromium("Mobile Chrome"), 10]]),
      },
      65,
    ],
    [
      {
        os: "Android",
        osVersions: weightedTable<string | null>([["15", 40], ["14", 35], ["13", 25]]),
        browsers: weightedTable<Browser>([[chromium("Chrome"), 80], [{ name: "Samsung Internet", versions: versions([["29.0", 100]]) }, 20]]),
      },
      35,
    ],
  ]),
};

export const screenWidths: Record<DeviceType, WeightedTable<number>> = {
  desktop: weightedTable([[1920, 30], [1536, 14], [1440, 15], [1366, 9], [1280, 8], [2560, 11], [1680, 5], [1600, 4], [3840, 4]]),
  mobile: weightedTable([[390, 18], [393, 15], [412, 15], [375, 9], [414, 7], [430, 11], [360, 13], [384, 5], [402, 7]]),
  tablet: weightedTable([[768, 20], [810, 20], [820, 25], [1024, 20], [800, 15]]),
};

// ---------------------------------------------------------------------------
// Custom events

export const signupPlans = weightedTable([["free", 70], ["pro", 22], ["business", 8]]);

export const PRICES: Record<string, { month: number; year: number }> = {
  pro: { month: 19, year: 190 },
  business: { month: 49, year: 490 },
};

export const downloads = weightedTable([
  ["inlet-cli-1.8.2-linux-x64.tar.gz", 30],
  ["inlet-cli-1.8.2-darwin-arm64.tar.gz", 30],
  ["inlet-cli-1.8.2-windows-x64.zip", 15],
  ["inlet-tracker.min.js", 15],
  ["inlet-privacy-whitepaper.pdf", 10],
]);

export const outboundLinks = weightedTable([
  ["https://github.com/inlet-analytics/inlet", 40],
  ["https://nextjs.org/docs", 10],
  ["https://www.postgresql.org/docs/", 10],
  ["https://duckdb.org/docs/", 8],
  ["https://neon.com/docs", 8],
  ["https://vercel.com/docs", 8],
  ["https://gdpr.eu/cookies/", 6],
  ["https://news.ycombinator.com/item?id=41234567", 10],
]);

// ---------------------------------------------------------------------------
// When: the rhythm of a day and a week in the site's time zone

/** Relative traffic per local hour: European working day, then American afternoon. */
export const HOURLY = [
  0.55, 0.42, 0.32, 0.26, 0.25, 0.3, 0.45, 0.7, 0.95, 1.15, 1.25, 1.25, 1.1, 1.15, 1.25, 1.32, 1.35, 1.3, 1.15, 1.05, 1.0, 0.92,
  0.8, 0.68,
];

/** Relative traffic per local weekday, Sunday first (Date#getDay order). */
export const WEEKDAY = [0.64, 1.05, 1.1, 1.1, 1.04, 0.92, 0.6];
