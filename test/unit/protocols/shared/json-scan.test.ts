import { describe, expect, test } from "bun:test";
import { hasKey, keyAbsentOr, looksLikeObject, valueIndex } from "../../../../src/protocols/shared/json-scan.ts";

describe("json-scan", () => {
  test("valueIndex finds a key's value past the colon and whitespace", () => {
    const text = '{"a": 1, "usage" :\n {"x":2}}';
    expect(text.slice(valueIndex(text, '"usage"'))).toBe('{"x":2}}');
    expect(valueIndex(text, '"missing"')).toBe(-1);
  });

  test("a string value spelling the key is not a key", () => {
    expect(hasKey('{"content":"usage","x":1}', '"usage"')).toBe(false);
    expect(hasKey('{"content":"usage" ,"x":1}', '"usage"')).toBe(false);
    // Escaped quotes inside strings never look like a key.
    expect(hasKey('{"content":"\\"usage\\": {}"}', '"usage"')).toBe(false);
  });

  test("keyAbsentOr checks every occurrence", () => {
    expect(keyAbsentOr('{"choices":[{"f":null},{"f":"stop"}]}', '"f"', "null")).toBe(false);
    expect(keyAbsentOr('{"choices":[{"f":null},{"f": null}]}', '"f"', "null")).toBe(true);
    expect(keyAbsentOr('{"other":1}', '"f"', "null")).toBe(true);
  });

  test("looksLikeObject", () => {
    expect(looksLikeObject('{"a":1}')).toBe(true);
    expect(looksLikeObject('{"a":1')).toBe(false);
    expect(looksLikeObject("[DONE]")).toBe(false);
    expect(looksLikeObject("")).toBe(false);
  });
});
