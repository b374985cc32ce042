import { describe, expect, it } from "vitest";
import { breakdownCsv, csvField } from "./breakdown-csv";

describe("csvField", () => {
  it("leaves plain values alone", () => {
    expect(csvField("/blog/post")).toBe("/blog/post");
    expect(csvField("")).toBe("");
    expect(csvField(42)).toBe("42");
  });

  it("quotes commas, quotes and line breaks, doubling the quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("defuses values a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    expect(csvField("a=b")).toBe("a=b");
  });
});

describe("breakdownCsv", () => {
  it("writes a header and one CRLF-ended line per row", () => {
    const rows = [
      { value: "google.com", visitors: 3, visits: 4, pageviews: 9, events: 0 },
      { value: "", visitors: 1, visits: 1, pageviews: 1, events: 0 },
    ];
    expect(breakdownCsv("source", rows)).toBe("source,visitors,visits,pageviews\r\ngoogle.com,3,4,9\r\n,1,1,1\r\n");
  });

  it("counts events for custom events", () => {
    expect(breakdownCsv("event", [{ value: "signup", visitors: 2, visits: 2, pageviews: 0, events: 5 }])).toBe("event,visitors,visits,events\r\nsignup,2,2,5\r\n");
  });
});
