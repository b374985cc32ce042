import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request-origin";

describe("requestOrigin", () => {
  it("uses the Host header, plain http by default", () => {
    expect(requestOrigin(new Headers({ host: "127.0.0.1:3101" }))).toBe("http://127.0.0.1:3101");
  });

  it("prefers what the proxy nearest the browser saw", () => {
    const headers = new Headers({ host: "app:3000", "x-forwarded-host": "Inlet.Example.com, app", "x-forwarded-proto": "https,http" });
    expect(requestOrigin(headers)).toBe("https://inlet.example.com");
  });

  it("falls back when the host is missing or not a host", () => {
    expect(requestOrigin(new Headers(), "http://fallback")).toBe("http://fallback");
    expect(requestOrigin(new Headers({ host: 'evil"><script>' }), "http://fallback")).toBe("http://fallback");
  });
});
