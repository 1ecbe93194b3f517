/**
 * The email provider adapter: an HTTP email API speaking Resend's protocol (also offered by
 * Resend-compatible relays), configured by the function's secrets:
 *
 *   EMAIL_API_URL   base URL, e.g. https://api.resend.com (the adapter POSTs {EMAIL_API_URL}/emails)
 *   EMAIL_API_KEY   sent as `Authorization: Bearer <key>`
 *   EMAIL_FROM      the sender, e.g. "Acme Success <success@acme.example>" (a domain verified with the provider)
 *
 * Each outbox row is sent once: its dedupe key travels as `Idempotency-Key`, so a retry after a
 * lost answer does not send a second copy. Without EMAIL_API_URL and EMAIL_API_KEY there is no
 * provider and mail stays queued in the outbox.
 */

export type OutgoingEmail = { id: string; org_id: string; dedupe_key: string; to_email: string; to_name: string | null; subject: string; body: string };
export type SendResult = { id: string; provider_id?: string; error?: string };
export type EmailProvider = { name: string; send(email: OutgoingEmail): Promise<SendResult> };

export const DEFAULT_FROM = "Revenue Platform <notifications@example.com>";

/** The provider the secrets configure, read per invocation; undefined when none is configured. */
export function providerFromEnv(env: { get(key: string): string | undefined }, fetcher: typeof fetch = fetch): EmailProvider | undefined {
  const url = env.get("EMAIL_API_URL")?.trim();
  const key = env.get("EMAIL_API_KEY")?.trim();
  if (!url || !key) return undefined;
  return resendProvider({ url, key, from: env.get("EMAIL_FROM")?.trim() || DEFAULT_FROM, fetcher });
}

/** Quotes a display name for an address header when it needs it. */
function mailbox(address: string, name: string | null): string {
  if (!name) return address;
  const safe = name.replace(/["\\\r\n]/g, "");
  return `"${safe}" <${address}>`;
}

export function resendProvider(opts: { url: string; key: string; from: string; fetcher?: typeof fetch; timeoutMs?: number }): EmailProvider {
  const endpoint = `${opts.url.replace(/\/+$/, "")}/emails`;
  const fetcher = opts.fetcher ?? fetch;
  return {
    name: "resend-compatible",
    async send(email) {
      try {
        const res = await fetcher(endpoint, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${opts.key}`,
            "Content-Type": "application/json",
            "Idempotency-Key": `${email.org_id}:${email.dedupe_key}`.slice(0, 256),
          },
          body: JSON.stringify({ from: opts.from, to: [mailbox(email.to_email, email.to_name)], subject: email.subject, text: email.body }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
        const text = await res.text();
        let payload: { id?: unknown; message?: unknown; name?: unknown } = {};
        try {
          payload = text ? JSON.parse(text) : {};
        } catch {
          payload = { message: text.slice(0, 200) };
        }
        if (!res.ok) {
          const why = typeof payload.message === "string" && payload.message ? payload.message : res.statusText;
          return { id: email.id, error: `provider answered ${res.status}: ${why}` };
        }
        if (typeof payload.id !== "string" || !payload.id) return { id: email.id, error: "provider answered without a message id" };
        return { id: email.id, provider_id: payload.id };
      } catch (error) {
        return { id: email.id, error: `provider unreachable: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
