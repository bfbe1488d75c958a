// In charge of the command line and the real start path: flags, banner, config errors, open-proxy refusal, reload.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { startServer } from "../../src/serve.ts";
import { silentLogger } from "../../src/server/logger.ts";
import { startFakeUpstream } from "../fakes/server.ts";

const ENTRY = join(import.meta.dir, "..", "..", "src", "index.ts");
const dir = mkdtempSync(join(tmpdir(), "ccproxy-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = Bun.spawnSync([process.execPath, ENTRY, ...args], { cwd: dir, env: { ...process.env, ...env, CCPROXY_CONFIG: "" }, stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, out: result.stdout.toString(), err: result.stderr.toString() };
}

describe("flags", () => {
  test("--help and --version", () => {
    const help = run(["--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--config", "--port", "--host", "--version"]) expect(help.out).toContain(flag);
    const version = run(["--version"]);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^ccproxy \d+\.\d+\.\d+/);
  });

  test("an unknown flag and a bad port fail with a message", () => {
    expect(run(["--nope"]).err).toContain("unknown option --nope");
    const port = run(["--port", "99999"]);
    expect(port.code).toBe(1);
    expect(port.err).toContain("--port");
  });

  test("an invalid config file stops startup naming file, field, value and reason", () => {
    const path = join(dir, "bad.toml");
    writeFileSync(path, `[[providers]]\nid = "p"\nprotocol = "openia"\nbase_url = "http://127.0.0.1:1"\n`);
    const result = run(["--config", path]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("bad.toml");
    expect(result.err).toContain("providers[0].protocol");
    expect(result.err).toContain("openia");
  });

  test("a missing env: variable names the variable and the field", () => {
    const path = join(dir, "env.toml");
    writeFileSync(path, `[[providers]]\nid = "p"\nprotocol = "openai"\nbase_url = "http://127.0.0.1:1/v1"\napi_keys = ["env:CCPROXY_TEST_MISSING_KEY"]\n`);
    const result = run(["--config", path]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("CCPROXY_TEST_MISSING_KEY");
    expect(result.err).toContain("providers[0].api_keys[0]");
  });

  test("starts with the embedded default, prints the banner, stops on SIGTERM", async () => {
    const child = Bun.spawn([process.execPath, ENTRY, "--port", "0", "--host", "127.0.0.1"], { cwd: dir, env: { ...process.env, CCPROXY_CONFIG: "", CCPROXY_DATA_DIR: join(dir, "data") }, stdout: "pipe", stderr: "pipe" });
    const reader = child.stderr.getReader();
    let banner = "";
    while (!banner.includes("docs:")) {
      const { value, done } = await reader.read();
      if (done) break;
      banner += new TextDecoder().decode(value);
    }
    expect(banner).toContain("listening on http://127.0.0.1:");
    expect(banner).toContain("config:   embedded");
    expect(banner).toContain("groups:   default");
    expect(banner).toContain("open proxy");
    const url = /listening on (\S+)/.exec(banner)![1]!;
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
  });
});

describe("start rules and reload", () => {
  test("an open proxy (no keys) on a non-loopback address is refused", async () => {
    const path = join(dir, "open.toml");
    writeFileSync(path, `[server]\nhost = "0.0.0.0"\nport = 0\n`);
    const loaded = loadConfig({ argvPath: path, env: {}, cwd: dir });
    await expect(startServer({ loaded, reload: () => loaded, logger: silentLogger, dataDir: ":memory:" })).rejects.toThrow(/refusing to serve an open proxy on 0\.0\.0\.0/);
  });

  test("reload: a bad file answers 400 with the reason and keeps serving the last good configuration", async () => {
    const fake = await startFakeUpstream("openai", { text: "from the fake" });
    const path = join(dir, "reload.toml");
    const good = (extra: string) => `[server]\nhost = "127.0.0.1"\nport = 0\nadmin_key = "admin-reload-key"\n[[providers]]\nid = "p"\nprotocol = "openai"\nbase_url = "${fake.baseUrl}"\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = ["p/x"]\n${extra}`;
    writeFileSync(path, good(""));
    const load = () => loadConfig({ argvPath: path, env: {}, cwd: dir });
    const server = await startServer({ loaded: load(), reload: load, logger: silentLogger, dataDir: ":memory:" });
    const admin = { authorization: "Bearer admin-reload-key" };
    const chat = (model: string) => fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) });
    try {
      writeFileSync(path, good(`[[groups.aliases]]\nalias = "bad"\ntargets = ["nosuch/x"]\n`));
      const refused = await fetch(`${server.url}/admin/reload`, { method: "POST", headers: admin });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("nosuch");
      expect((await chat("m")).status).toBe(200);
      writeFileSync(path, good(`[[groups.aliases]]\nalias = "new"\ntargets = ["p/y"]\n`));
      const accepted = await fetch(`${server.url}/admin/reload`, { method: "POST", headers: admin });
      expect(accepted.status).toBe(200);
      expect((await chat("new")).status).toBe(200);
      expect((fake.last().body as { model: string }).model).toBe("y");
    } finally {
      await server.stop();
      await fake.close();
    }
  });
});
