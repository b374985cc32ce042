import type { SessionDimension } from "@/lib/query/dashboard-model";

/**
 * The words the embedded engine knows: metrics, dimensions, values it can
 * name (countries, browsers...), markers of structure ("by", "top", "not")
 * and words it may ignore. Phrases are lower-case words separated by one
 * space; the longest phrase wins where several start at the same word.
 */

export type MetricName = "visitors" | "visits" | "pageviews" | "bounce_rate" | "visit_duration" | "views_per_visit" | "events" | "conversion_rate";

/** A dimension the engine can group or filter by: the dashboard's, plus event properties. */
export type DimensionName = SessionDimension | "page" | "event";

export type FilterOp = "is" | "is_not" | "contains" | "not_contains" | "starts_with";

export type Marker =
  | "by"
  | "top"
  | "most"
  | "least"
  | "not"
  | "or"
  | "and"
  | "compare"
  | "contains"
  | "starts"
  | "is"
  | "who"
  | "viewed"
  | "within"
  | "funnel"
  | "then"
  | "how_many"
  | "which"
  | "brought"
  | "over_time"
  | "previous_period";

export type Sense =
  | { kind: "metric"; metric: MetricName }
  | { kind: "dimension"; dimension: DimensionName }
  | { kind: "value"; dimension: DimensionName; op: "is" | "in" | "contains"; values: string[]; label: string }
  | { kind: "granularity"; unit: "hour" | "day" | "week" | "month" }
  | { kind: "marker"; marker: Marker }
  | { kind: "stop" };

const lexicon = new Map<string, Sense>();

function add(sense: Sense, ...phrases: string[]): void {
  for (const phrase of phrases) lexicon.set(phrase, sense);
}

// Metrics ---------------------------------------------------------------------
add({ kind: "metric", metric: "visitors" }, "visitors", "visitor", "unique visitors", "uniques", "unique users", "users", "user", "people", "persons", "traffic", "audience", "unique visits");
add({ kind: "metric", metric: "visits" }, "visits", "visit", "sessions", "session", "total visits", "number of visits");
add({ kind: "metric", metric: "pageviews" }, "pageviews", "pageview", "page views", "page view", "views", "hits", "page hits", "page impressions", "impressions");
add({ kind: "metric", metric: "bounce_rate" }, "bounce rate", "bounce rates", "bounce", "bounces", "bouncerate", "bounce percentage");
add(
  { kind: "metric", metric: "visit_duration" },
  "visit duration",
  "visit length",
  "session duration",
  "session length",
  "average session duration",
  "avg session duration",
  "average visit duration",
  "avg visit duration",
  "time on site",
  "time spent",
  "duration",
  "how long",
);
add({ kind: "metric", metric: "views_per_visit" }, "views per visit", "pageviews per visit", "pages per visit", "pages per session", "views per session", "pageviews per session");
add({ kind: "metric", metric: "events" }, "events", "custom events", "event count");
add(
  { kind: "metric", metric: "conversion_rate" },
  "share of visitors",
  "percentage of visitors",
  "percent of visitors",
  "proportion of visitors",
  "fraction of visitors",
  "share of users",
  "percentage of users",
  "share of people",
  "percentage of people",
  "conversion rate", "conversion rates", "conversion", "cr", "convert", "converted", "converting");

// Dimensions ------------------------------------------------------------------
const dimension = (d: DimensionName): Sense => ({ kind: "dimension", dimension: d });
add(dimension("page"), "page", "pages", "url", "urls", "path", "paths", "top pages", "content", "pages visited");
add(dimension("entry_page"), "entry page", "entry pages", "landing page", "landing pages", "entrance page", "entrance pages", "entry", "entries", "first page");
add(dimension("exit_page"), "exit page", "exit pages", "exit", "exits", "last page", "exit url");
add(dimension("source"), "source", "sources", "traffic source", "traffic sources", "channel", "channels", "where from", "referral source", "referral sources");
add(dimension("referrer"), "referrer", "referrers", "referer", "referers", "referring site", "referring sites", "referrer url", "referrer urls", "referral", "referrals");
add(dimension("utm_source"), "utm source", "utm sources", "utm_source");
add(dimension("utm_medium"), "utm medium", "utm mediums", "utm_medium", "medium", "mediums", "media");
add(dimension("utm_campaign"), "utm campaign", "utm campaigns", "utm_campaign", "campaign", "campaigns");
add(dimension("utm_term"), "utm term", "utm terms", "utm_term", "term", "terms", "keyword", "keywords", "search terms");
add(dimension("utm_content"), "utm content", "utm_content", "ad content");
add(dimension("country"), "country", "countries", "nation", "nations", "location", "locations");
add(dimension("region"), "region", "regions", "state", "states", "province", "provinces");
add(dimension("city"), "city", "cities", "town", "towns");
add(dimension("browser"), "browser", "browsers", "web browser", "web browsers");
add(dimension("os"), "os", "oses", "operating system", "operating systems", "platform", "platforms");
add(dimension("device"), "device", "devices", "device type", "device types", "device category");
add(dimension("screen"), "screen", "screens", "screen size", "screen sizes", "screen width", "resolution");
add(dimension("event"), "event", "event name", "event names", "event type", "event types", "goal", "goals");

// Values ------------------------------------------------------------------------
const value = (d: DimensionName, label: string, values: string[], op: "is" | "in" | "contains" = values.length > 1 ? "in" : "is"): Sense => ({
  kind: "value",
  dimension: d,
  op,
  values,
  label,
});

/**
 * Countries by name. The data holds ISO 3166-1 alpha-2 codes; the table
 * names the demo site's 35 countries (lib/seed/traffic-model.ts) and their
 * common aliases, which covers most real traffic too.
 */
export const COUNTRY_NAMES: Record<string, string> = {
  US: "United States",
  DE: "Germany",
  GB: "United Kingdom",
  IN: "India",
  FR: "France",
  CA: "Canada",
  NL: "Netherlands",
  BR: "Brazil",
  JP: "Japan",
  AU: "Australia",
  ES: "Spain",
  PL: "Poland",
  IT: "Italy",
  SE: "Sweden",
  CH: "Switzerland",
  AT: "Austria",
  BE: "Belgium",
  DK: "Denmark",
  FI: "Finland",
  NO: "Norway",
  IE: "Ireland",
  PT: "Portugal",
  CZ: "Czechia",
  UA: "Ukraine",
  SG: "Singapore",
  KR: "South Korea",
  MX: "Mexico",
  AR: "Argentina",
  ZA: "South Africa",
  NG: "Nigeria",
  ID: "Indonesia",
  TR: "Turkey",
  IL: "Israel",
  NZ: "New Zealand",
  VN: "Vietnam",
  CN: "China",
  RU: "Russia",
};
const COUNTRY_ALIASES: Record<string, string[]> = {
  US: ["usa", "u.s.", "u.s.a.", "the us", "the states", "america", "united states of america"],
  GB: ["uk", "u.k.", "the uk", "britain", "great britain", "england", "scotland"],
  DE: ["deutschland"],
  NL: ["holland", "the netherlands"],
  CZ: ["czech republic"],
  KR: ["korea"],
  CH: ["swiss"],
};
const DEMONYMS: Record<string, string[]> = {
  US: ["american", "americans"],
  DE: ["german", "germans"],
  GB: ["british", "brits"],
  FR: ["french"],
  IN: ["indian", "indians"],
  CA: ["canadian", "canadians"],
  NL: ["dutch"],
  JP: ["japanese"],
  ES: ["spanish"],
  IT: ["italian", "italians"],
  BR: ["brazilian", "brazilians"],
};
for (const [code, name] of Object.entries(COUNTRY_NAMES)) {
  add(value("country", name, [code]), name.toLowerCase(), ...(COUNTRY_ALIASES[code] ?? []), ...(DEMONYMS[code] ?? []));
}

const BROWSERS = ["Chrome", "Firefox", "Safari", "Edge", "Opera", "Chromium", "Samsung Internet", "Mobile Safari", "Mobile Chrome", "Mobile Firefox"];
for (const browser of BROWSERS) add(value("browser", browser, [browser]), browser.toLowerCase());
add(value("browser", "Chrome", ["Chrome"]), "google chrome");
add(value("browser", "Edge", ["Edge"]), "microsoft edge");
add(value("browser", "Samsung Internet", ["Samsung Internet"]), "samsung");

add(value("os", "Windows", ["Windows"]), "windows", "win");
add(value("os", "macOS", ["macOS"]), "macos", "mac", "macs", "mac os", "osx", "os x", "macbook");
add(value("os", "Linux", ["Linux"]), "linux");
add(value("os", "iOS", ["iOS"]), "ios", "iphone", "iphones", "ipad", "ipads");
add(value("os", "Android", ["Android"]), "android");
add(value("os", "Chrome OS", ["Chrome OS"]), "chrome os", "chromeos", "chromebook", "chromebooks");

add(value("device", "desktop", ["desktop"]), "desktop", "desktops", "computer", "computers", "pc", "pcs", "laptop", "laptops");
add(value("device", "mobile", ["mobile"]), "mobile", "phone", "phones", "smartphone", "smartphones", "mobile phones", "mobile devices", "cell phones");
add(value("device", "tablet", ["tablet"]), "tablet", "tablets");

// Sources name the referrer's host or the utm_source; "from google" means any Google.
add(value("source", "Google", ["google"], "contains"), "google", "google search");
add(value("source", "Hacker News", ["news.ycombinator.com"]), "hacker news", "hackernews", "hn", "ycombinator");
add(value("source", "Reddit", ["reddit"], "contains"), "reddit");
add(value("source", "GitHub", ["github"], "contains"), "github");
add(value("source", "DuckDuckGo", ["duckduckgo.com"]), "duckduckgo", "ddg");
add(value("source", "Bing", ["www.bing.com"]), "bing");
add(value("source", "Twitter/X", ["twitter", "t.co", "x.com"]), "twitter", "x", "tweets");
add(value("source", "LinkedIn", ["linkedin", "www.linkedin.com"]), "linkedin");
add(value("source", "ChatGPT", ["chatgpt.com"]), "chatgpt", "openai");
add(value("source", "Product Hunt", ["producthunt", "www.producthunt.com"]), "product hunt", "producthunt");
add(value("source", "newsletter", ["newsletter"]), "newsletter", "newsletters", "email", "emails");
add(value("source", "Direct / None", ["Direct / None"]), "direct", "direct traffic", "direct visits", "typed in", "bookmarks");

add(value("screen", "Mobile", ["Mobile"]), "small screens", "mobile screens");
add(value("screen", "Desktop", ["Desktop"]), "large screens", "big screens");
add(value("page", "blog posts", ["/blog/"], "contains"), "blog posts", "blog post", "blog articles", "posts", "articles", "blog pages");
add(value("page", "blog", ["/blog"], "contains"), "blog", "the blog");
add(value("page", "docs pages", ["/docs"], "contains"), "docs pages", "doc pages", "documentation pages", "docs", "documentation");
add(value("page", "/", ["/"]), "homepage", "home page", "home", "front page", "start page");

// Granularity -------------------------------------------------------------------
add({ kind: "granularity", unit: "day" }, "daily", "per day", "by day", "each day", "every day", "day by day", "by date", "per date", "day over day");
add({ kind: "granularity", unit: "week" }, "weekly", "per week", "by week", "each week", "every week", "week over week", "by weeks");
add({ kind: "granularity", unit: "month" }, "monthly", "per month", "by month", "each month", "every month", "month over month", "by months");
add({ kind: "granularity", unit: "hour" }, "hourly", "per hour", "by hour", "each hour", "every hour", "by hour of day");

// Markers -------------------------------------------------------------------------
const marker = (m: Marker): Sense => ({ kind: "marker", marker: m });
add(marker("by"), "by", "per", "broken down by", "break down by", "breakdown by", "split by", "grouped by", "group by", "for each", "for every", "across", "each", "breakdown");
add(marker("top"), "top", "best", "biggest", "largest", "leading", "highest");
add(marker("most"), "most", "the most", "more", "greatest", "max", "maximum");
add(marker("least"), "least", "fewest", "lowest", "worst", "smallest", "bottom", "min", "minimum", "less", "fewer");
add(marker("not"), "not", "no", "except", "excluding", "exclude", "without", "outside", "outside of", "other than", "apart from", "isn't", "aren't", "isnt", "except for", "neither", "nor", "non", "is not", "are not", "!=", "<>");
add(marker("or"), "or", ",", "/");
add(marker("and"), "and", "&", "as well as", "plus", "both");
add(
  marker("compare"),
  "compared to",
  "compared with",
  "compare",
  "compare to",
  "compare with",
  "comparing",
  "vs",
  "vs.",
  "versus",
  "against",
  "relative to",
  "change from",
  "change since",
);
add(marker("contains"), "contains", "containing", "contain", "includes", "including", "include", "like", "matching", "matches", "mentioning");
add(marker("starts"), "starts with", "starting with", "start with", "beginning with", "begins with", "under", "in the section", "prefixed with");
add(marker("is"), "is", "=", "equals", "equal to", "equal", "being", "was", "are", "were", "==", ":");
add(marker("who"), "who", "that", "which had", "having", "who had", "that had", "whose");
add(marker("viewed"), "viewed", "visited", "saw", "seen", "went to", "opened", "landed on", "read", "hit", "looked at", "view", "see", "open", "go to", "went", "reached");
add(marker("within"), "within", "in under", "in less than", "inside");
add(marker("funnel"), "funnel", "funnels", "go from");
add(marker("then"), "then", "and then", "later", "afterwards", "after that", "subsequently", "eventually");
add(marker("how_many"), "how many", "how much", "number of", "count of", "count", "total", "amount of", "total number of", "the number of");
add(marker("which"), "which", "what", "what are the", "which are the", "list", "show", "rank", "ranking", "ranked");
add(marker("brought"), "brought", "bring", "brings", "drove", "drive", "drives", "driven", "generated", "generate", "led to", "lead to", "leads to", "produced", "produce", "sent", "send", "referred", "resulted in", "caused", "got us");
add(
  marker("previous_period"),
  "previous period",
  "prior period",
  "preceding period",
  "period before",
  "the period before",
  "the month before",
  "the week before",
  "the year before",
  "the day before",
  "the quarter before",
  "month before",
  "week before",
  "year before",
  "quarter before",
  "before",
  "the previous one",
  "previous",
  "prior",
  "preceding",
  "the previous period",
);
add(marker("over_time"), "over time", "trend", "trends", "timeline", "time series", "evolution", "history");

// Words that carry no meaning here ------------------------------------------------
const STOPWORDS = [
  "a", "an", "the", "of", "in", "on", "for", "to", "at", "from", "during", "over", "into", "about", "through", "via", "using", "use", "used", "with",
  "did", "do", "does", "done", "we", "i", "our", "my", "me", "us", "you", "your", "they", "their", "it", "its", "there", "here", "this", "these", "those",
  "have", "has", "had", "get", "got", "gets", "getting", "give", "gave", "show", "tell", "find", "display", "see", "let", "know", "want", "need", "please", "can", "could", "would", "will", "should",
  "what's", "whats", "were", "been", "be", "am", "how", "many", "much", "some", "any", "all", "every", "overall", "total", "number", "numbers", "count", "amount",
  "site", "website", "websites", "web", "app", "our site", "the site", "page's", "stats", "statistics", "data", "metrics", "metric", "report", "analytics", "numbers", "breakdown",
  "and", "or", "so", "far", "just", "only", "also", "then", "ago", "period", "time", "range", "same", "came", "come", "coming", "arrived", "arriving", "visiting",
  "average", "avg", "mean", "rate", "percent", "percentage", "share", "ratio", "did", "happen", "happened", "recorded", "tracked", "logged", "made",
  "up", "out", "as", "per", "than", "when", "where", "why", "whom", "whose", "which", "what", "who", "by", "?", "!", ".", ";", "'s", "s", "vs",
  "between", "ones", "one", "them", "him", "her", "he", "she", "were", "having", "each", "everything", "something", "thing", "things", "value", "values", "list", "give", "me", "get",
  "generated", "total", "overall", "sum", "amounts", "figures", "figure", "look", "like", "compare", "been", "being", "day's", "today's", "month's", "week's", "year's",
];
for (const word of STOPWORDS) if (!lexicon.has(word)) add({ kind: "stop" }, word);

/** The fixed lexicon (event names and property keys are the site's: see build-vocabulary.ts). */
export const LEXICON: ReadonlyMap<string, Sense> = lexicon;

export const METRIC_LABELS: Record<Exclude<MetricName, "events" | "conversion_rate">, string> = {
  visitors: "Visitors",
  visits: "Visits",
  pageviews: "Pageviews",
  bounce_rate: "Bounce rate (%)",
  visit_duration: "Visit duration (s)",
  views_per_visit: "Views per visit",
};

export const DIMENSION_LABELS: Record<DimensionName, string> = {
  source: "source",
  referrer: "referrer",
  utm_source: "UTM source",
  utm_medium: "UTM medium",
  utm_campaign: "UTM campaign",
  utm_term: "UTM term",
  utm_content: "UTM content",
  country: "country",
  region: "region",
  city: "city",
  browser: "browser",
  os: "OS",
  device: "device",
  screen: "screen size",
  entry_page: "entry page",
  exit_page: "exit page",
  page: "page",
  event: "event",
};

/** Synonyms of common custom event names; other names are known by their own words. */
export const EVENT_SYNONYMS: Record<string, string[]> = {
  signup: ["signup", "signups", "sign up", "sign ups", "sign-up", "sign-ups", "signed up", "signing up", "registrations", "registration", "registered", "register", "new accounts", "accounts created", "account creations"],
  purchase: ["purchase", "purchases", "purchased", "orders", "order", "sales", "sale", "bought", "buy", "buys", "paid", "payments", "checkouts"],
  download: ["download", "downloads", "downloaded", "file downloads"],
  outbound: ["outbound", "outbound clicks", "outbound links", "outbound link clicks", "external clicks", "clicked outbound links", "clicks on outbound links", "outbound click"],
  newsletter_subscribe: ["newsletter subscribe", "newsletter subscriptions", "newsletter subscription", "newsletter signups", "newsletter sign ups", "subscriptions", "subscribed", "subscribers", "subscribes"],
};

/** How an event is named in a restatement: "Signups", or "outbound events". */
export const EVENT_PLURALS: Record<string, string> = {
  signup: "Signups",
  purchase: "Purchases",
  download: "Downloads",
  outbound: "Outbound clicks",
  newsletter_subscribe: "Newsletter subscriptions",
};
