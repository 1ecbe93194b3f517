/** Signs a bench user in through Auth (password grant) and answers their access token. */
export const BENCH_PASSWORD = "bench-password";

export async function signIn(target: { apiUrl: string; anonKey: string }, email: string): Promise<string> {
  const res = await fetch(`${target.apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: target.anonKey, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  const body = (await res.json()) as { access_token?: string; msg?: string };
  if (!res.ok || !body.access_token) throw new Error(`Sign-in as ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
