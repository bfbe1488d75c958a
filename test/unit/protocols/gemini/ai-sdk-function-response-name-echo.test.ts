// Regression: the Vercel AI SDK's functionResponse `{name, content}` reached other upstreams as a JSON wrapper instead of the tool's text.
import { describe, expect, test } from "bun:test";
import { decode } from "./helpers.ts";

const call = { role: "model", parts: [{ functionCall: { id: "c1", name: "get_weather", args: { city: "Paris" } } }] };

function resultOf(response: Record<string, unknown>, name = "get_weather") {
  const { request } = decode({ contents: [{ role: "user", parts: [{ text: "Weather?" }] }, call, { role: "user", parts: [{ functionResponse: { id: "c1", name, response } }] }] });
  return request.messages[2]?.content[0];
}

describe("gemini functionResponse with the function name echoed inside response (Vercel AI SDK)", () => {
  test("{name, content} is the content text", () => {
    expect(resultOf({ name: "get_weather", content: "22°C" })).toEqual({ type: "tool-result", callId: "c1", name: "get_weather", content: [{ type: "text", text: "22°C" }] });
  });

  test("{name, error} is an error result with the error text", () => {
    expect(resultOf({ name: "get_weather", error: "no such city" })).toEqual({ type: "tool-result", callId: "c1", name: "get_weather", content: [{ type: "text", text: "no such city" }], isError: true });
  });

  test("a name that is not the function's, or more fields, stays JSON", () => {
    expect(resultOf({ name: "other", content: "x" })).toMatchObject({ content: [{ type: "text", text: '{"name":"other","content":"x"}' }] });
    expect(resultOf({ name: "get_weather", content: "x", extra: 1 })).toMatchObject({ content: [{ type: "text", text: '{"name":"get_weather","content":"x","extra":1}' }] });
  });
});
