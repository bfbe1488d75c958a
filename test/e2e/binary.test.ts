// In charge of the compiled binary itself: built like `bun run build`, run from an empty directory, driven by the SDKs.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOLS, type ProtocolName } from "../../src/unified/protocol.ts";
import { startFakeUpstream, type FakeUpstream } from "../fakes/server.ts";
import { DRIVERS } from "./clients.ts";
import { ACCESS_KEY, defaultGroupToml, providersToml } from "./harness.ts";

const ROOT = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "ccproxy-binary-"));
let child: Bun.Subprocess<"ignore", "ignore", "pipe"> | undefined;
let url = "";
const fakes = {} as Record<ProtocolName, FakeUpstream>;

beforeAll(async () => {
  // The same command as package.json's "build" script, so the test follows it.
  const script = ((await Bun.file(join(ROOT, "package.json")).json()) as { scripts: { build: string } }).scripts.build;
  const args = script.replace(/^bun build /, "").replace("dist/ccproxy", join(dir, "ccproxy")).split(" ");
  const build = Bun.spawnSync([process.execPath, "build", ...args], { cwd: ROOT, stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  for (const protocol of PROTOCOLS) fakes[protocol] = await startFakeUpstream(protocol, { text: `binary via ${protocol}`, usage: { input: 4, output: 3 } });
  writeFileSync(join(dir, "config.toml"), `[server]\nhost = "127.0.0.1"\nport = 0\ndata_dir = "${join(dir, "data")}"\n[[keys]]\nname = "t"\nkey = "${ACCESS_KEY}"\n${providersToml(fakes)}\n${defaultGroupToml()}`);
  // An empty working directory: everything the binary needs is inside it.
  const work = mkdtempSync(join(tmpdir(), "ccproxy-binary-cwd-"));
  child = Bun.spawn([join(dir, "ccproxy"), "--config", join(dir, "config.toml")], { cwd: work, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  const reader = child.stderr.getReader();
  let banner = "";
  while (!banner.includes("listening on")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`binary exited: ${banner}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  url = /listening on (\S+)/.exec(banner)![1]!;
}, 60_000);

afterAll(async () => {
  child?.kill();
  await child?.exited;
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
  rmSync(dir, { recursive: true, force: true });
});

for (const client of PROTOCOLS) {
  for (const stream of [false, true]) {
    test(`${client} SDK through the binary${stream ? " (stream)" : ""}, same protocol and converted`, async () => {
      for (const upstream of [client, client === "openai" ? "claude" : "openai"] as ProtocolName[]) {
        const outcome = await DRIVERS[client](url, { model: `${upstream}-model`, stream, user: "hi", system: "be brief" });
        expect(outcome.text).toBe(`binary via ${upstream}`);
      }
    });
  }
}

test("health, Swagger UI with its embedded assets, and the dashboard come out of the binary", async () => {
  expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
  const swagger = await (await fetch(`${url}/swagger`)).text();
  expect(swagger).toContain("/swagger/assets/swagger-ui-bundle.js");
  expect((await fetch(`${url}/swagger/assets/swagger-ui-bundle.js`)).status).toBe(200);
  expect(((await (await fetch(`${url}/swagger/json`)).json()) as { paths: object }).paths).toHaveProperty("/v1/chat/completions");
  expect(await (await fetch(`${url}/ui`)).text()).toContain("/ui/assets/");
});
