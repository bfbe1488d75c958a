// decodeEntities is a hand-written scan; this checks it against the plain regex definition of what it decodes.
import { describe, expect, test } from "bun:test";
import { decodeEntities } from "../../../src/compat/xml-text.ts";
import { seededRandom } from "./corpus.ts";

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function reference(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole: string, body: string) => {
    if (body.charCodeAt(0) !== 35) return NAMED[body] ?? whole;
    const hex = body[1] === "x" || body[1] === "X";
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

describe("decodeEntities", () => {
  test("edge cases", () => {
    for (const text of ["&amp;lt;", "&&lt;", "&lt", "&;", "&#;", "&#x;", "&#x110000;", "&#xD800;", "&#12345678;", "&#x1F600;", "&#128512;", "a;b&gt;c", "&LT;", "&#X41;&#x41;", "&amp", "x&y;z&quot;"]) {
      expect(decodeEntities(text)).toBe(reference(text));
    }
  });

  test("random text made of entity pieces matches the regex definition", () => {
    const random = seededRandom(11);
    const pieces = ["&", ";", "#", "x", "X", "amp", "lt", "gt", "quot", "apos", "nbsp", "0", "7", "9", "A", "f", "G", " ", "<", "é", "12", "1F6", "D8"];
    for (let round = 0; round < 5000; round++) {
      let text = "";
      const length = 1 + Math.floor(random() * 14);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      expect(decodeEntities(text)).toBe(reference(text));
    }
  });
});
