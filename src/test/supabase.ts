/**
 * Stand-in for the `@/lib/supabase` module in component tests:
 *   vi.mock("@/lib/supabase", () => import("@/test/supabase"));
 * Only the client calls the UI makes are faked; no backend behaviour is imitated.
 */
import type { AuthChangeEvent, Session } from "@supabase/supabase-js";

type AuthListener = (event: AuthChangeEvent, session: Session | null) => void;
const listeners = new Set<AuthListener>();

export const supabase = {
  auth: {
    getSession: vi.fn(async () => ({ data: { session: null as Session | null }, error: null })),
    onAuthStateChange: vi.fn((listener: AuthListener) => {
      listeners.add(listener);
      return { data: { subscription: { unsubscribe: () => listeners.delete(listener) } } };
    }),
    signInWithPassword: vi.fn(),
    signOut: vi.fn(async () => {
      emitAuthChange("SIGNED_OUT", null);
      return { error: null };
    }),
    updateUser: vi.fn(),
  },
  from: vi.fn(),
  rpc: vi.fn(),
  functions: { invoke: vi.fn() },
};

/** Tells every auth listener about a change, as supabase-js does. */
export function emitAuthChange(event: AuthChangeEvent, session: Session | null) {
  listeners.forEach((listener) => listener(event, session));
}

export function fakeSession({
  id = "user-1",
  email = "ada@example.com",
  user_metadata = {} as Record<string, unknown>,
} = {}): Session {
  return {
    access_token: "access-token",
    refresh_token: "refresh-token",
    expires_in: 3600,
    token_type: "bearer",
    user: { id, email, aud: "authenticated", app_metadata: {}, user_metadata, created_at: "2025-01-01T00:00:00Z" },
  };
}

/** Starts the app signed in as the given session. */
export function signedInAs(session: Session) {
  supabase.auth.getSession.mockResolvedValue({ data: { session }, error: null });
}

type QueryResult = { data: unknown; error: unknown };
/** Gets the builder methods the query called ("select", "eq", "maybeSingle", ...), in order. */
type QueryResultFor = (calls: string[]) => QueryResult;

/** Every builder call of every mocked query, by table, so a test can check what was sent. */
export const queryLog: { table: string; method: string; args: unknown[] }[] = [];

/** A PostgREST query chain: every builder method returns the chain, awaiting it gives `result`. */
function queryChain(result: QueryResult | QueryResultFor, table = ""): object {
  const calls: string[] = [];
  const chain: object = new Proxy(
    {},
    {
      get: (_target, method) =>
        method === "then"
          ? (resolve: (value: unknown) => unknown, reject: (reason: unknown) => unknown) =>
              Promise.resolve(typeof result === "function" ? result(calls) : result).then(resolve, reject)
          : (...args: unknown[]) => {
              calls.push(String(method));
              queryLog.push({ table, method: String(method), args });
              return chain;
            },
    },
  );
  return chain;
}

/** Every `supabase.from(...)` query chain resolves to this PostgREST result. */
export function mockQueryResult(result: QueryResult) {
  supabase.from.mockReturnValue(queryChain(result));
}

/**
 * `supabase.from(table)` resolves to the result given for that table; other tables fail the test.
 * A function is called on each query with the builder methods it used, so a test can tell a
 * single-row read (`maybeSingle`) from a list, or change what the next read returns.
 */
export function mockTables(results: Record<string, QueryResult | QueryResultFor>) {
  supabase.from.mockImplementation((table: string) => {
    const result = results[table];
    if (!result) throw new Error(`No mocked result for supabase.from("${table}")`);
    return queryChain(result, table);
  });
}

/**
 * `supabase.rpc(name, args)` resolves to the result given for that function (a function of the
 * arguments, if it depends on them); other functions fail the test. Calls land in `queryLog` as
 * `{ table: "rpc:<name>", method: "rpc", args: [args] }`.
 */
export function mockRpc(results: Record<string, QueryResult | ((args: Record<string, unknown>) => QueryResult)>) {
  supabase.rpc.mockImplementation((name: string, args: Record<string, unknown> = {}) => {
    const result = results[name];
    if (!result) throw new Error(`No mocked result for supabase.rpc("${name}")`);
    queryLog.push({ table: `rpc:${name}`, method: "rpc", args: [args] });
    return queryChain(typeof result === "function" ? result(args) : result, `rpc:${name}`);
  });
}

export function resetSupabaseMock() {
  listeners.clear();
  queryLog.length = 0;
  for (const mock of [...Object.values(supabase.auth), supabase.from, supabase.rpc, supabase.functions.invoke]) mock.mockReset();
}
