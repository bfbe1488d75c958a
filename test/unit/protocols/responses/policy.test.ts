// In charge of checking group policies edit a Responses body in place of decoding it (passthrough path).
import { describe, expect, test } from "bun:test";
import { responsesPolicy } from "../../../../src/protocols/responses/policy.ts";

describe("responses body policy", () => {
  test("system prompt: enhance appends to instructions; replace also drops leading developer items", () => {
    const body: Record<string, unknown> = { instructions: "Base.", input: [{ role: "developer", content: "Dev." }, { role: "user", content: "hi" }] };
    responsesPolicy.injectPrompt(body, "Extra.", "enhance", "system");
    expect(body.instructions).toBe("Base.\n\nExtra.");
    responsesPolicy.injectPrompt(body, "Only.", "replace", "system");
    expect(body).toEqual({ instructions: "Only.", input: [{ role: "user", content: "hi" }] });
  });

  test("user position prepends to the last user message (parts or string)", () => {
    const body: Record<string, unknown> = { input: [{ role: "user", content: [{ type: "input_text", text: "q" }] }] };
    responsesPolicy.injectPrompt(body, "Note.", "enhance", "user");
    expect(body.input).toEqual([{ role: "user", content: [{ type: "input_text", text: "Note." }, { type: "input_text", text: "q" }] }]);
    const plain: Record<string, unknown> = { input: "q" };
    responsesPolicy.injectPrompt(plain, "Note.", "enhance", "user");
    expect(plain.input).toBe("Note.\n\nq");
  });

  test("tool filter, temperature and max_output_tokens", () => {
    const body: Record<string, unknown> = { tools: [{ type: "function", name: "a" }, { type: "web_search" }], tool_choice: { type: "function", name: "a" }, temperature: 1, max_output_tokens: 10 };
    responsesPolicy.removeTools(body, new Set(["a"]));
    expect(body.tools).toEqual([{ type: "web_search" }]);
    expect(body.tool_choice).toBeUndefined();
    expect([responsesPolicy.getTemperature(body), responsesPolicy.getMaxTokens(body)]).toEqual([1, 10]);
    responsesPolicy.setMaxTokens(body, 5);
    expect(body.max_output_tokens).toBe(5);
  });
});
