// In charge of checking stored Responses answers: put/get, item lookup by key, the row bound, and pruning with logs.
import { afterEach, describe, expect, test } from "bun:test";
import { openDatabase } from "../../../src/store/sqlite/db.ts";
import { SqliteStore } from "../../../src/store/sqlite/index.ts";
import { migrate } from "../../../src/store/sqlite/migrations.ts";
import { getResponse, putResponse } from "../../../src/store/sqlite/responses.ts";
import type { StoredResponse } from "../../../src/store/types.ts";

const opened: SqliteStore[] = [];

function open(): SqliteStore {
  const store = new SqliteStore({ dataDir: ":memory:", onError: (error) => { throw error; } });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function entry(id: string, time: number, extra: Partial<StoredResponse> = {}): StoredResponse {
  return { id, time, response: JSON.stringify({ id, output: [] }), items: "[]", ...extra };
}

describe("stored responses", () => {
  test("put, get and replace by id; output items found only with the same key", async () => {
    const store = open();
    await store.putResponse(entry("resp_1", 1000, { keyName: "alice", outputItems: [{ id: "msg_1", item: '{"type":"message","id":"msg_1"}' }] }));
    expect(await store.getResponse("resp_1")).toEqual(entry("resp_1", 1000, { keyName: "alice" }));
    expect(await store.getResponse("resp_2")).toBeNull();
    expect(await store.getResponseItems(["msg_1", "msg_x"], "alice")).toEqual(new Map([["msg_1", '{"type":"message","id":"msg_1"}']]));
    expect((await store.getResponseItems(["msg_1"], "bob")).size).toBe(0);
    expect((await store.getResponseItems(["msg_1"], undefined)).size).toBe(0);
    await store.putResponse(entry("resp_1", 2000, { items: '[{"role":"user","content":"x"}]' }));
    expect((await store.getResponse("resp_1"))?.items).toBe('[{"role":"user","content":"x"}]');
    // Replacing the response dropped its old items.
    expect((await store.getResponseItems(["msg_1"], "alice")).size).toBe(0);
  });

  test("pruneLogs prunes responses too (the same retention), items go with their response", async () => {
    const store = open();
    await store.putResponse(entry("resp_old", 1000, { outputItems: [{ id: "fc_old", item: "{}" }] }));
    await store.putResponse(entry("resp_new", 5000));
    await store.pruneLogs(3000);
    expect(await store.getResponse("resp_old")).toBeNull();
    expect(await store.getResponse("resp_new")).not.toBeNull();
    expect((await store.getResponseItems(["fc_old"], undefined)).size).toBe(0);
    expect(await store.pruneResponses(10_000)).toBe(1);
  });

  test("the table keeps at most the bound, oldest dropped first", () => {
    const database = openDatabase(":memory:");
    migrate(database);
    for (let i = 0; i < 5; i++) putResponse(database, entry(`resp_${i}`, i * 10), 3);
    expect(["resp_0", "resp_1", "resp_2", "resp_3", "resp_4"].map((id) => getResponse(database, id) !== null)).toEqual([false, false, true, true, true]);
    database.close();
  });
});
