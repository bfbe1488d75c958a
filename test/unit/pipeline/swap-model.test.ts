import { describe, expect, test } from "bun:test";
import { swapModel } from "../../../src/pipeline/swap-model.ts";

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
