export { getDailyPageviews, type DailyPageviews } from "./daily-pageviews";
