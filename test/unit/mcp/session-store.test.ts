// In charge of testing MCP session records in the store (what lets a session survive a restart).
import { describe, expect, test } from "bun:test";
import { SessionRecords, type SessionRecord } from "../../../src/mcp/session-store.ts";
import { createLogger, silentLogger } from "../../../src/server/logger.ts";
import { openStore } from "../../../src/store/index.ts";

const record = (id: string, lastSeenAt = 1_000, keyName?: string): SessionRecord => ({
  id,
  keyName,
  protocolVersion: "2025-06-18",
  clientInfo: { name: "test-client", version: "1.0.0" },
  capabilities: { roots: {} },
  createdAt: 500,
  lastSeenAt,
});

describe("SessionRecords", () => {
  test("records outlive the instance that wrote them (a restart reads the same store)", async () => {
    const store = openStore({ dataDir: ":memory:" });
    const before = new SessionRecords(store, silentLogger);
    await before.put(record("a", 1_000, "claude-code"));
    await before.put(record("b"));
    const after = new SessionRecords(store, silentLogger);
    expect(await after.get("a")).toEqual(record("a", 1_000, "claude-code"));
    expect(await after.get("b")).toEqual(record("b"));
    expect(await after.get("c")).toBeUndefined();
    await store.close();
  });

  test("delete forgets a session; the last one removes the state entry", async () => {
    const store = openStore({ dataDir: ":memory:" });
    const records = new SessionRecords(store, silentLogger);
    await records.put(record("a"));
    await records.delete("a");
    await records.delete("missing");
    expect(await records.get("a")).toBeUndefined();
    expect(await store.getState("mcp.sessions")).toBeNull();
    await store.close();
  });

  test("refresh stores live sessions' activity and drops records idle past the cutoff", async () => {
    const store = openStore({ dataDir: ":memory:" });
    const records = new SessionRecords(store, silentLogger);
    await records.put(record("live", 100));
    await records.put(record("stale", 100));
    await records.put(record("recent", 5_000));
    await records.refresh(new Map([["live", 9_000]]), 1_000);
    const reread = new SessionRecords(store, silentLogger);
    expect((await reread.get("live"))?.lastSeenAt).toBe(9_000);
    expect(await reread.get("stale")).toBeUndefined();
    expect((await reread.get("recent"))?.lastSeenAt).toBe(5_000);
    await store.close();
  });

  test("an unreadable entry is logged and ignored, not fatal", async () => {
    const store = openStore({ dataDir: ":memory:" });
    await store.setState("mcp.sessions", "{not json");
    const lines: string[] = [];
    const records = new SessionRecords(store, createLogger("warn", (line) => lines.push(line)));
    expect(await records.get("x")).toBeUndefined();
    expect(lines.join("\n")).toContain("unreadable");
    await records.put(record("x"));
    expect((await new SessionRecords(store, silentLogger).get("x"))?.id).toBe("x");
    await store.close();
  });

  test("malformed records inside a valid list are skipped", async () => {
    const store = openStore({ dataDir: ":memory:" });
    await store.setState("mcp.sessions", JSON.stringify([{ id: 1 }, record("ok")]));
    const records = new SessionRecords(store, silentLogger);
    expect(await records.get("ok")).toEqual(record("ok"));
    await store.close();
  });
});
