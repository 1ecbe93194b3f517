// Runs one edge function the way the hosted edge runtime does: the function calls Deno.serve(handler)
// with no port, and the runtime decides where it listens. Here: the port the local stack chose.
const port = Number(Deno.env.get("LOCAL_FUNCTION_PORT"));
const entry = Deno.env.get("LOCAL_FUNCTION_ENTRY")!;
const serve = Deno.serve.bind(Deno) as (...args: unknown[]) => Deno.HttpServer;

Object.defineProperty(Deno, "serve", {
  value: (...args: unknown[]) => {
    const handler = args.find((a) => typeof a === "function");
    const given = args.find((a) => typeof a === "object" && a !== null) ?? {};
    return serve({ ...given, port, hostname: "127.0.0.1", onListen: () => {} }, handler);
  },
});

await import(entry);
