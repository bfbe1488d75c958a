// In charge of serving the web dashboard: /ui (the page) and /ui/assets/* (its script and styles, embedded in the binary).
import { Elysia } from "elysia";
import { uiBundle } from "./ui-bundle.ts" with { type: "macro" };

/** Inlined at transpile/compile time by the macro: no file is read at run time. */
const BUNDLE = uiBundle();

/**
 * The dashboard holds the admin key in sessionStorage, so it allows no script but its own, no
 * framing and no third-party connection. Styles may be inline: uPlot sizes its canvas with them.
 */
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

interface Served {
  type: string;
  body: string;
  /** Made on first request, then kept: the assets never change while the process runs. */
  gzipped?: Uint8Array<ArrayBuffer>;
}

const page: Served = { type: "text/html; charset=utf-8", body: BUNDLE.html };
const assets = new Map<string, Served>(Object.entries(BUNDLE.assets).map(([name, asset]) => [name, { type: asset.type, body: asset.body }]));

function respond(request: Request, served: Served, cacheControl: string): Response {
  const headers: Record<string, string> = { "content-type": served.type, "cache-control": cacheControl, vary: "accept-encoding", ...SECURITY_HEADERS };
  if (/\bgzip\b/.test(request.headers.get("accept-encoding") ?? "")) {
    served.gzipped ??= Bun.gzipSync(served.body);
    return new Response(served.gzipped, { headers: { ...headers, "content-encoding": "gzip" } });
  }
  return new Response(served.body, { headers });
}

/** The page is revalidated on every visit (it names the current assets); assets are content-hashed, so cached for good. */
export function uiRoutes() {
  const detail = { tags: ["ccproxy"], summary: "Web dashboard (sign in with the admin key)" };
  return new Elysia({ name: "ccproxy-ui" })
    .get("/ui", ({ request }) => respond(request, page, "no-cache"), { detail })
    .get("/ui/", ({ request }) => respond(request, page, "no-cache"), { detail: { hide: true } })
    .get("/ui/assets/:file", ({ request, params }) => {
      const asset = assets.get(params.file);
      if (!asset) return new Response("not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
      return respond(request, asset, "public, max-age=31536000, immutable");
    }, { detail: { hide: true } });
}
