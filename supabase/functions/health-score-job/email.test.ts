import assert from "node:assert/strict";
import { DEFAULT_FROM, type OutgoingEmail, providerFromEnv } from "./email.ts";

const email: OutgoingEmail = {
  id: "row-1",
  org_id: "org-1",
  dedupe_key: "customer.critical:c1:2026-11-21",
  to_email: "casey@acme.test",
  to_name: 'Casey "CS" Success',
  subject: "Northwind Labs turned critical",
  body: "Why: no login for 20 days",
};

const env = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

/** A local server speaking Resend's POST /emails; `answer` decides each reply. */
async function withProviderServer(answer: (req: Request, body: Record<string, unknown>) => Response, work: (url: string, seen: Request[]) => Promise<void>) {
  const seen: Request[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    seen.push(req.clone());
    return answer(req, await req.json());
  });
  try {
    await work(`http://127.0.0.1:${server.addr.port}`, seen);
  } finally {
    await server.shutdown();
  }
}

Deno.test("no provider without both EMAIL_API_URL and EMAIL_API_KEY", () => {
  assert.equal(providerFromEnv(env({})), undefined);
  assert.equal(providerFromEnv(env({ EMAIL_API_URL: "http://x" })), undefined);
  assert.equal(providerFromEnv(env({ EMAIL_API_KEY: "k" })), undefined);
  assert.ok(providerFromEnv(env({ EMAIL_API_URL: "http://x", EMAIL_API_KEY: "k" })));
});

Deno.test("posts Resend's request with the key, the sender and an idempotency key, and keeps the message id", async () => {
  await withProviderServer(
    () => Response.json({ id: "msg_123" }),
    async (url, seen) => {
      const provider = providerFromEnv(env({ EMAIL_API_URL: `${url}/`, EMAIL_API_KEY: "re_test", EMAIL_FROM: "Acme Success <success@acme.example>" }))!;
      assert.deepEqual(await provider.send(email), { id: "row-1", provider_id: "msg_123" });
      const req = seen[0]!;
      assert.equal(new URL(req.url).pathname, "/emails");
      assert.equal(req.headers.get("authorization"), "Bearer re_test");
      assert.equal(req.headers.get("idempotency-key"), "org-1:customer.critical:c1:2026-11-21");
      assert.deepEqual(await req.json(), {
        from: "Acme Success <success@acme.example>",
        to: ['"Casey CS Success" <casey@acme.test>'],
        subject: "Northwind Labs turned critical",
        text: "Why: no login for 20 days",
      });
    },
  );
});

Deno.test("a refusal or an unreachable provider is an error to retry, not an exception", async () => {
  await withProviderServer(
    () => Response.json({ name: "validation_error", message: "Invalid `to` field." }, { status: 422 }),
    async (url) => {
      const provider = providerFromEnv(env({ EMAIL_API_URL: url, EMAIL_API_KEY: "k" }))!;
      assert.deepEqual(await provider.send(email), { id: "row-1", error: "provider answered 422: Invalid `to` field." });
    },
  );
  const unreachable = providerFromEnv(env({ EMAIL_API_URL: "http://127.0.0.1:9", EMAIL_API_KEY: "k" }))!;
  const result = await unreachable.send(email);
  assert.match(result.error ?? "", /^provider unreachable/);
  assert.equal(DEFAULT_FROM.includes("@"), true);
});
