import { describe, expect, test } from "bun:test";
import { swapModel, swapModelBody } from "../../../src/pipeline/swap-model.ts";

describe("swapModel", () => {
  test("replaces the top-level model value and nothing else", () => {
    const raw = '{"model":"alias","messages":[{"role":"user","content":"say \\"model\\": \\"alias\\""}]}';
    const out = swapModel(raw, "alias", "upstream/model:free")!;
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(raw), model: "upstream/model:free" });
  });

  test("tolerates whitespace around the colon", () => {
    const raw = '{\n  "model" :  "a",\n  "stream": true\n}';
    expect(JSON.parse(swapModel(raw, "a", "b")!)).toEqual({ model: "b", stream: true });
  });

  test("refuses when the key appears twice or the value is encoded differently", () => {
    expect(swapModel('{"model":"a","tools":[{"parameters":{"properties":{"model":{}}}}]}', "a", "b")).toBeNull();
    expect(swapModel('{"model":"\\u0061"}', "a", "b")).toBeNull();
    expect(swapModel('{"messages":[]}', "a", "b")).toBeNull();
  });

  test("the same model gives the text back untouched", () => {
    const raw = '{"model":"same","x":1}';
    expect(swapModel(raw, "same", "same")).toBe(raw);
  });
});

describe("swapModelBody", () => {
  test("a Blob with the same bytes as the swapped text, non-ASCII prompts included", async () => {
    const raw = '{"model": "alias", "messages":[{"role":"user","content":"naïve — ünïcödé ✓"}]}';
    const body = swapModelBody(raw, "alias", "upstream/model");
    expect(body).toBeInstanceOf(Blob);
    expect(await (body as Blob).text()).toBe(swapModel(raw, "alias", "upstream/model")!);
  });

  test("unchanged model: the text itself; unsafe: null", () => {
    const raw = '{"model":"same"}';
    expect(swapModelBody(raw, "same", "same")).toBe(raw);
    expect(swapModelBody('{"model":"a","x":{"model":"b"}}', "a", "c")).toBeNull();
  });
});
