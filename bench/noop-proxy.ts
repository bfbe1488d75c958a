// In charge of the no-op Bun reverse proxy: the floor any Bun proxy can reach (forward as is, answer as is).
// Usage: bun bench/noop-proxy.ts <upstream origin>   → prints its port on stdout, serves until killed.
export {}; // a module, so its names stay out of the global scope

const upstream = process.argv[2];
if (!upstream) {
  process.stderr.write("usage: bun bench/noop-proxy.ts http://127.0.0.1:PORT\n");
  process.exit(2);
}
const origin = upstream.replace(/\/+$/, "");

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 0,
  async fetch(req) {
    const url = new URL(req.url);
    // The body is read whole, as any proxy that looks at a JSON request must; the answer streams through untouched.
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
    return fetch(origin + url.pathname + url.search, { method: req.method, headers: req.headers, body, signal: req.signal });
  },
});
process.stdout.write(`${server.port}\n`);
