// In charge of /swagger (UI) and /swagger/json (OpenAPI), with the Swagger UI assets embedded so it works offline.
import { Elysia } from "elysia";
import { openapi } from "@elysiajs/openapi";
import swaggerBundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import swaggerCss from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import swaggerIcon from "swagger-ui-dist/favicon-32x32.png" with { type: "file" };

const ASSETS: Record<string, { path: string; type: string }> = {
  "swagger-ui-bundle.js": { path: swaggerBundle, type: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { path: swaggerCss, type: "text/css; charset=utf-8" },
  "favicon-32x32.png": { path: swaggerIcon, type: "image/png" },
};

export function docsRoutes(version: string) {
  return new Elysia({ name: "ccproxy-docs" })
    .get("/swagger/assets/:file", ({ params, set }) => {
      const asset = ASSETS[params.file];
      if (!asset) {
        set.status = 404;
        return "not found";
      }
      return new Response(Bun.file(asset.path), { headers: { "content-type": asset.type, "cache-control": "public, max-age=86400" } });
    }, { detail: { hide: true } })
    .use(
      openapi({
        path: "/swagger",
        specPath: "/swagger/json",
        provider: "swagger-ui",
        swagger: { cdn: "/swagger/assets/swagger-ui-bundle.js", theme: "/swagger/assets/swagger-ui.css", docExpansion: "none", filter: true, persistAuthorization: true },
        exclude: { staticFile: true, paths: ["/swagger/assets/:file"] },
        documentation: {
          info: {
            title: "ccproxy",
            version,
            description:
              "Any AI client to any AI model. Every chat and list route also answers under `/{group}/…`, `/switch/…` (active group), `/compat_mode/…` and `/compat/…` (XML tool compatibility mode), `/switch/compat_mode/…` and `/{group}/compat_mode/…` (or `/{group}/compat/…`). Tags name the protocol and the prefix.",
          },
          tags: [
            { name: "OpenAI", description: "Chat completions and model lists (OpenAI wire format)" },
            { name: "OpenAI Responses", description: "Responses API (POST /v1/responses, stored responses for previous_response_id): Codex CLI, the OpenAI SDK's responses.*" },
            { name: "Claude", description: "Messages API (Anthropic wire format)" },
            { name: "Gemini", description: "generateContent API (Google wire format), under /v1beta and /v1" },
            { name: "Ollama", description: "Ollama native API" },
            { name: "Admin", description: "Runtime management; Authorization: Bearer <admin_key>" },
            { name: "ccproxy", description: "Health and index" },
          ],
          components: {
            securitySchemes: {
              bearer: { type: "http", scheme: "bearer", description: "Access key as Authorization: Bearer (OpenAI, Ollama, Claude)" },
              apiKey: { type: "apiKey", in: "header", name: "x-api-key", description: "Access key as x-api-key (Claude)" },
              googApiKey: { type: "apiKey", in: "header", name: "x-goog-api-key", description: "Access key as x-goog-api-key (Gemini)" },
              googQueryKey: { type: "apiKey", in: "query", name: "key", description: "Access key as ?key= (Gemini)" },
              adminBearer: { type: "http", scheme: "bearer", description: "The admin key ([server].admin_key)" },
            },
          },
        },
      }),
    );
}
