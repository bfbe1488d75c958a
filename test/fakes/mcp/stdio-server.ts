// In charge of the fake stdio MCP server the tests start through ccproxy (`bun test/fakes/mcp/stdio-server.ts`).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { buildFakeServer } from "./tools.ts";

// stderr is the server's log; ccproxy must copy it into its own log.
process.stderr.write(`fake stdio server ready pid=${process.pid}\n`);
const server = buildFakeServer({ flavor: "stdio" });
await server.connect(new StdioServerTransport());
