import { expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.ts";

it("allows `limit` requests per window and client, then refuses until the window ends", () => {
  let now = 0;
  const limiter = new RateLimiter({ limit: 2, windowMs: 1000 }, () => now);
  expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([true, true, false]);
  expect(limiter.take("b")).toBe(true);
  now = 999;
  expect(limiter.take("a")).toBe(false);
  now = 1000;
  expect(limiter.take("a")).toBe(true);
});

it("refuses everything with a limit of 0", () => {
  expect(new RateLimiter({ limit: 0, windowMs: 1000 }).take("a")).toBe(false);
});
