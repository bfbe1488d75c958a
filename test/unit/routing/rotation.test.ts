import { describe, expect, test } from "bun:test";
import { RoundRobin } from "../../../src/routing/rotation.ts";

function take(rotation: RoundRobin, key: string, count: number, times: number): number[] {
  return Array.from({ length: times }, () => rotation.next(key, count));
}

describe("RoundRobin", () => {
  test("cycles through 0..count-1 per key", () => {
    const rotation = new RoundRobin();
    expect(take(rotation, "a", 3, 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  test("keys are independent", () => {
    const rotation = new RoundRobin();
    expect(rotation.next("a", 2)).toBe(0);
    expect(rotation.next("b", 2)).toBe(0);
    expect(rotation.next("a", 2)).toBe(1);
    expect(rotation.next("b", 2)).toBe(1);
  });

  test("a single element always answers 0; no elements answer 0", () => {
    const rotation = new RoundRobin();
    expect(take(rotation, "one", 1, 3)).toEqual([0, 0, 0]);
    expect(rotation.next("none", 0)).toBe(0);
  });

  test("a shrinking count stays in range", () => {
    const rotation = new RoundRobin();
    take(rotation, "a", 5, 4); // cursor at 4
    expect(take(rotation, "a", 2, 3)).toEqual([0, 1, 0]);
  });

  test("export and import carry cursors over", () => {
    const first = new RoundRobin();
    take(first, "alias:default:*", 3, 2);
    take(first, "key:openrouter", 2, 1);
    const exported = first.export();
    expect(exported).toEqual({ "alias:default:*": 2, "key:openrouter": 1 });
    const second = new RoundRobin();
    second.import(JSON.parse(JSON.stringify(exported)));
    expect(second.next("alias:default:*", 3)).toBe(2);
    expect(second.next("key:openrouter", 2)).toBe(1);
  });

  test("import ignores malformed cursors", () => {
    const rotation = new RoundRobin();
    rotation.import({ good: 1, negative: -1, text: "2", fraction: 1.5 });
    rotation.import(null);
    rotation.import([1, 2]);
    expect(rotation.export()).toEqual({ good: 1 });
  });
});
