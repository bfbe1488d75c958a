import { describe, expect, test } from "bun:test";
import { BLOB_FROM, swapModelBody } from "../../../src/pipeline/swap-model.ts";

/** Small bodies come back as text (or null); the Blob case has its own test below. */
function swapModel(raw: string, current: string, next: string): string | null {
  const body = swapModelBody(raw, current, next);
  if (body instanceof Blob) throw new Error("a small body came back as a Blob");
  return body;
}

describe("swapModelBody on small bodies", () => {
  test("replaces the top-level model value and nothing else", () => {
    const raw = '{"model":"alias","messages":[{"role":"user","content":"say \\"model\\": \\"alias\\""}]}';
    const out = swapModel(raw, "alias", "upstream/model:free")!;
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(raw), model: "upstream/model:free" });
  });

  test("tolerates whitespace around the colon", () => {
    const raw = '{\n  "model" :  "a",\n  "stream": true\n}';
    expect(JSON.parse(swapModel(raw, "a", "b")!)).toEqual({ model: "b", stream: true });
  });

  test("refuses when the key is not first and appears twice, or the value is encoded differently", () => {
    expect(swapModel('{"stream":true,"model":"a","tools":[{"parameters":{"properties":{"model":{}}}}]}', "a", "b")).toBeNull();
    // First key: the top-level one, whatever nested keys follow.
    expect(swapModel('{"model":"a","tools":[{"parameters":{"properties":{"model":{}}}}]}', "a", "b")).toBe('{"model":"b","tools":[{"parameters":{"properties":{"model":{}}}}]}');
    expect(swapModel('{"model":"\\u0061"}', "a", "b")).toBeNull();
    expect(swapModel('{"messages":[]}', "a", "b")).toBeNull();
  });

  test("the same model gives the text back untouched", () => {
    const raw = '{"model":"same","x":1}';
    expect(swapModel(raw, "same", "same")).toBe(raw);
  });
});

describe("swapModelBody, Blob and text", () => {
  test("a large body: a Blob with the same bytes as the swapped text, non-ASCII prompts included", async () => {
    const raw = `{"model": "alias", "messages":[{"role":"user","content":"naïve — ünïcödé ✓ ${"x".repeat(BLOB_FROM)}"}]}`;
    const body = swapModelBody(raw, "alias", "upstream/model");
    expect(body).toBeInstanceOf(Blob);
    expect(await (body as Blob).text()).toBe(raw.replace('"alias"', '"upstream/model"'));
  });

  test("a small body: the swapped text itself", () => {
    expect(swapModelBody('{"model":"alias","stream":true}', "alias", "up")).toBe('{"model":"up","stream":true}');
  });

  test("unchanged model: the text itself; unsafe: null", () => {
    const raw = '{"model":"same"}';
    expect(swapModelBody(raw, "same", "same")).toBe(raw);
    expect(swapModelBody('{"x":{"model":"b"},"model":"a"}', "a", "c")).toBeNull();
  });
});

describe("which `model` key is the top-level one", () => {
  test("model as the first key is swapped even when nested `model` keys follow", () => {
    const raw = ' { "model" : "alias", "tools":[{"input_schema":{"properties":{"model":{"type":"string"}}}}]}';
    const out = swapModel(raw, "alias", "up");
    expect(JSON.parse(out!)).toEqual({ model: "up", tools: [{ input_schema: { properties: { model: { type: "string" } } } }] });
  });

  test("a later duplicate key with another value (the one JSON.parse keeps) is not swapped blindly", () => {
    expect(swapModel('{"model":"first","model":"alias"}', "alias", "up")).toBeNull();
  });

  test("not the first key: only a unique occurrence is trusted", () => {
    expect(swapModel('{"stream":true,"model":"a"}', "a", "b")).toBe('{"stream":true,"model":"b"}');
    expect(swapModel('{"metadata":{"model":"a"},"model":"a"}', "a", "b")).toBeNull();
  });
});
