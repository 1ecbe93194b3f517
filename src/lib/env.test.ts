const loadEnv = async () => (await import("@/lib/env")).env;

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("VITE_SUPABASE_URL", "http://127.0.0.1:54321");
  vi.stubEnv("VITE_SUPABASE_ANON_KEY", "anon-key");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

test("reads the Supabase URL and anon key", async () => {
  await expect(loadEnv()).resolves.toEqual({
    VITE_SUPABASE_URL: "http://127.0.0.1:54321",
    VITE_SUPABASE_ANON_KEY: "anon-key",
  });
});

test("names the variable that is missing", async () => {
  vi.stubEnv("VITE_SUPABASE_ANON_KEY", "");
  await expect(loadEnv()).rejects.toThrow("VITE_SUPABASE_ANON_KEY is missing");
});

test("rejects a Supabase URL that is not a URL", async () => {
  vi.stubEnv("VITE_SUPABASE_URL", "localhost");
  await expect(loadEnv()).rejects.toThrow(/VITE_SUPABASE_URL must be a URL/);
});

test("names a variable that is not set at all", async () => {
  vi.stubEnv("VITE_SUPABASE_URL", undefined);
  await expect(loadEnv()).rejects.toThrow("VITE_SUPABASE_URL is missing");
});
