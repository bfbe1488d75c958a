// In charge of MCP as the server really starts it (startServer, lazily loaded): present with servers, absent without.
import { expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { STDIO_SERVER_SCRIPT } from "../fakes/mcp/helpers.ts";
import { ACCESS_KEY, ADMIN_KEY, startHarness } from "./harness.ts";

test("with [[mcp_servers]] the started server serves their tools at /mcp/http", async () => {
  const harness = await startHarness({ toml: `[[mcp_servers]]\nname = "local"\ncommand = [${JSON.stringify(process.execPath)}, ${JSON.stringify(STDIO_SERVER_SCRIPT)}]\n` });
  const client = new Client({ name: "serve-test", version: "1.0.0" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp/http`), { requestInit: { headers: { authorization: `Bearer ${ACCESS_KEY}` } } }));
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain("echo");
    const result = await client.callTool({ name: "echo", arguments: { text: "hi there" } });
    expect(JSON.stringify(result.content)).toContain("hi there");
    const admin = await fetch(`${harness.url}/admin/mcp`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(((await admin.json()) as { servers: Array<{ name: string }> }).servers.map((server) => server.name)).toEqual(["local"]);
  } finally {
    await client.close();
    await harness.stop();
  }
});

test("without [[mcp_servers]] the MCP routes answer 404 (the MCP SDK is not even loaded)", async () => {
  const harness = await startHarness();
  try {
    const response = await fetch(`${harness.url}/mcp/http`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) });
    expect(response.status).toBe(404);
    expect((await fetch(`${harness.url}/admin/mcp`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(404);
  } finally {
    await harness.stop();
  }
});
