import { describe, expect, it } from "vitest";
import { makeEvent } from "./make-event";
import { screenClass, sessionize } from "./sessionize";

const T0 = Date.parse("2026-10-25T00:00:00Z");
const at = (ms: number) => new Date(T0 + ms);
const MINUTE = 60_000;

describe("sessionize", () => {
  it("keeps a gap of exactly 30 minutes in the session and splits at 30 minutes and 1 ms", () => {
    const kept = sessionize([makeEvent({ ts: at(0) }), makeEvent({ ts: at(30 * MINUTE) })]);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.durationSeconds).toBe(1800);
    const split = sessionize([makeEvent({ ts: at(0) }), makeEvent({ ts: at(30 * MINUTE + 1) })]);
    expect(split.map((session) => session.events.length)).toEqual([1, 1]);
    expect(split.every((session) => session.bounce)).toBe(true);
  });

  it("measures gaps between consecutive events, not from the session start", () => {
    const chain = [0, 25, 50, 75, 100].map((minutes) => makeEvent({ ts: at(minutes * MINUTE) }));
    expect(sessionize(chain.reverse())).toHaveLength(1);
  });

  it("orders equal timestamps by seq: the lower seq opens the session and gives its dimensions", () => {
    const later = makeEvent({ ts: at(0), seq: 20, path: "/second", country: "US" });
    const earlier = makeEvent({ ts: at(0), seq: 10, path: "/first", country: "DE" });
    const [session] = sessionize([later, earlier]);
    expect(session!.events.map((event) => event.seq)).toEqual([10, 20]);
    expect(session!.dimensions.country).toBe("DE");
    expect(session!.dimensions.entry_page).toBe("/first");
    expect(session!.dimensions.exit_page).toBe("/second");
    // Two events at the same instant are not a bounce, and last 0 s.
    expect(session!.bounce).toBe(false);
    expect(session!.durationSeconds).toBe(0);
  });

  it("takes entry and exit pages from pageviews only, and the rest from the first event of any kind", () => {
    const [session] = sessionize([
      makeEvent({ ts: at(0), name: "signup", path: "/signup-form", utmSource: "newsletter" }),
      makeEvent({ ts: at(MINUTE), path: "/pricing", utmSource: "twitter" }),
      makeEvent({ ts: at(2 * MINUTE), path: "/docs" }),
      makeEvent({ ts: at(3 * MINUTE), name: "download", path: "/download-page" }),
    ]);
    expect(session!.dimensions).toMatchObject({ source: "newsletter", utm_source: "newsletter", entry_page: "/pricing", exit_page: "/docs" });
    const [noPages] = sessionize([makeEvent({ ts: at(0), name: "click" })]);
    expect(noPages!.dimensions).toMatchObject({ entry_page: "", exit_page: "" });
  });

  it("keeps visitors and sites apart", () => {
    const sessions = sessionize([
      makeEvent({ ts: at(0), visitorId: "a" }),
      makeEvent({ ts: at(MINUTE), visitorId: "b" }),
      makeEvent({ ts: at(2 * MINUTE), visitorId: "a", siteId: "other" }),
      makeEvent({ ts: at(3 * MINUTE), visitorId: "a" }),
    ]);
    expect(sessions.map((session) => [session.siteId, session.visitorId, session.events.length])).toEqual([
      ["site", "a", 2],
      ["site", "b", 1],
      ["other", "a", 1],
    ]);
  });

  it("floors the duration to whole seconds", () => {
    const [session] = sessionize([makeEvent({ ts: at(0) }), makeEvent({ ts: at(1999) })]);
    expect(session!.durationSeconds).toBe(1);
  });

  it("derives source from a non-empty utm_source, else the referrer host, else Direct / None; missing values are empty", () => {
    const source = (fields: Parameters<typeof makeEvent>[0]) => sessionize([makeEvent(fields)])[0]!.dimensions;
    expect(source({ ts: at(0), utmSource: "", referrerHost: "google.com" }).source).toBe("google.com");
    expect(source({ ts: at(0), utmSource: "Mail", referrerHost: "google.com" }).source).toBe("Mail");
    expect(source({ ts: at(0), referrerHost: "" }).source).toBe("Direct / None");
    const bare = source({ ts: at(0) });
    expect(bare).toMatchObject({ source: "Direct / None", referrer: "", country: "", device: "", screen: "", utm_term: "" });
  });

  it("classes screens by width", () => {
    expect([null, 0, 575, 576, 991, 992, 1439, 1440, 3840].map(screenClass)).toEqual([
      "",
      "Mobile",
      "Mobile",
      "Tablet",
      "Tablet",
      "Laptop",
      "Laptop",
      "Desktop",
      "Desktop",
    ]);
  });
});
