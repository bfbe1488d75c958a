// In charge of running one fake upstream as its own process (CI smoke test of the built binary).
// Usage: bun test/fakes/standalone.ts <protocol>   → prints the base URL on stdout, serves until killed.
import { isProtocolName } from "../../src/unified/protocol.ts";
import { startFakeUpstream } from "./server.ts";

const protocol = process.argv[2] ?? "openai";
if (!isProtocolName(protocol)) {
  process.stderr.write(`unknown protocol ${protocol}\n`);
  process.exit(2);
}
const fake = await startFakeUpstream(protocol, { text: "smoke test ok", usage: { input: 3, output: 3 } });
process.stdout.write(fake.baseUrl + "\n");
