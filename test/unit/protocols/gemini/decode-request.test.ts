// In charge of testing Gemini client bodies → UnifiedRequest, including what Gemini CLI really sends.
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { decode, fixture } from "./helpers.ts";

function rejects(body: unknown, message: RegExp, pathModel: string | undefined = "gemini-2.5-flash"): void {
  let caught: unknown;
  try {
    geminiCodec.decodeRequest({ body, pathModel });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProxyError);
  expect((caught as ProxyError).kind).toBe("invalid_request");
  expect((caught as ProxyError).status).toBe(400);
  expect((caught as ProxyError).message).toMatch(message);
}

const hello = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };

describe("gemini decodeRequest: basics", () => {
  test("snake_case body from the REST docs", () => {
    const { request, features } = decode(fixture("requests/basic-snake-case.json"), "models/gemini-2.5-flash", true);
    expect(features).toEqual([]);
    expect(request.model).toBe("gemini-2.5-flash");
    expect(request.stream).toBe(true);
    expect(request.system).toEqual([{ type: "text", text: "You are a cat. Your name is Neko." }]);
    expect(request.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello there" }] },
      { role: "assistant", content: [{ type: "text", text: "Meow. Hello, human." }] },
      { role: "user", content: [{ type: "text", text: "Explain how AI works in a few words" }] },
    ]);
    expect(request).toMatchObject({ temperature: 1, topP: 0.8, topK: 10, maxTokens: 800, stop: ["Title"], seed: 42, presencePenalty: 0.5, frequencyPenalty: 0.25 });
    expect(request.thinking).toEqual({ enabled: true, budgetTokens: 1024, includeThoughts: true });
    expect(request.extensions.gemini?.safetySettings).toEqual([{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", threshold: "BLOCK_ONLY_HIGH" }]);
  });

  test("the sse flag lands in extensions.gemini", () => {
    const decoded = geminiCodec.decodeRequest({ body: hello, pathModel: "gemini-2.5-flash", stream: true, sse: false });
    expect(decoded.value.extensions.gemini).toEqual({ sse: false });
    expect(decoded.value.stream).toBe(true);
  });

  test("systemInstruction as a plain string", () => {
    const { request } = decode({ ...hello, systemInstruction: "Be brief." });
    expect(request.system).toEqual([{ type: "text", text: "Be brief." }]);
  });

  test("invalid bodies are 400 with a precise message", () => {
    rejects("nope", /request body: expected a JSON object/);
    rejects({}, /contents: required/);
    rejects({ contents: [] }, /contents: required/);
    rejects({ contents: "hi" }, /request\.contents: expected an array/);
    rejects(hello, /model: missing/, "");
    rejects({ contents: [{ role: "assistant", parts: [{ text: "x" }] }] }, /contents\[0\]\.role: unknown role 'assistant'/);
    rejects({ contents: [{ role: "user", parts: "x" }] }, /contents\[0\]\.parts: expected an array/);
    rejects({ ...hello, generationConfig: { temperature: "hot" } }, /generationConfig\.temperature: expected a number, got string/);
    rejects({ contents: [{ role: "model", parts: [{ functionCall: { args: {} } }] }] }, /contents\[0\]\.parts\[0\]\.functionCall\.name: required/);
    rejects({ ...hello, tools: [{ functionDeclarations: [{ description: "x" }] }] }, /tools\[0\]\.functionDeclarations\[0\]\.name: required/);
    rejects({ ...hello, toolConfig: { functionCallingConfig: { mode: "SOMETIMES" } } }, /mode: unknown mode 'SOMETIMES'/);
  });

  test("missing role is user; legacy role function is user", () => {
    const { request } = decode({ contents: [{ parts: [{ text: "a" }] }, { role: "function", parts: [{ text: "b" }] }] });
    expect(request.messages.map((message) => message.role)).toEqual(["user", "user"]);
  });

  test("unknown top-level and generationConfig fields are reported, not rejected", () => {
    const { features } = decode({ ...hello, generationConfig: { responseLogprobs: true, media_resolution: "MEDIA_RESOLUTION_LOW" }, futureField: 1 });
    expect(features).toEqual(["futureField", "generationConfig.responseLogprobs", "generationConfig.mediaResolution"]);
  });
});

describe("gemini decodeRequest: Gemini CLI", () => {
  test("JSON-mode router call: responseJsonSchema with upper-case types, thinkingLevel", () => {
    const { request, features } = decode(fixture("requests/gemini-cli-router.json"), "gemini-2.5-flash-lite");
    expect(features).toEqual([]);
    expect(request.system).toEqual([{ type: "text", text: "You are a router. Answer with JSON only." }]);
    expect(request).toMatchObject({ temperature: 0, topP: 1, topK: 64 });
    expect(request.thinking).toEqual({ enabled: true, effort: "high", includeThoughts: true });
    expect(request.responseFormat).toEqual({
      type: "json-schema",
      schema: {
        type: "object",
        properties: {
          reasoning: { type: "string", description: "Why this model." },
          model_choice: { type: "string", enum: ["flash", "pro"] },
          confidence: { type: "number" },
          steps: { type: "array", items: { type: "integer" } },
        },
        required: ["reasoning", "model_choice"],
      },
    });
  });

  test("tool history: parametersJsonSchema, calls with id + thoughtSignature, responses by id", () => {
    const { request, features } = decode(fixture("requests/gemini-cli-tools-history.json"), "gemini-3-pro-preview", true);
    expect(features).toEqual([]);
    expect(request.tools.map((tool) => tool.name)).toEqual(["read_file", "run_shell_command"]);
    expect(request.tools[0]?.parameters).toMatchObject({ type: "object", required: ["absolute_path"], properties: { offset: { type: "number" } } });
    expect(request.messages[3]).toEqual({
      role: "assistant",
      content: [{ type: "tool-call", id: "read_file-1761234567890-4b2c1a7e", name: "read_file", arguments: { absolute_path: "/work/package.json" }, signature: "CiQB0e2Kb9Lf3xQz1yN0pX2wBvEXAMPLEsig0001", signatureProtocol: "gemini" }],
    });
    expect(request.messages[4]).toEqual({
      role: "user",
      content: [{ type: "tool-result", callId: "read_file-1761234567890-4b2c1a7e", name: "read_file", content: [{ type: "text", text: '{\n  "name": "demo",\n  "version": "1.2.3"\n}\n' }] }],
    });
    expect(request.messages[6]).toEqual({
      role: "user",
      content: [{ type: "tool-result", callId: "run_shell_command-1761234567999-9d8e7f6a", name: "run_shell_command", content: [{ type: "text", text: "Command exited with code 128: not a git repository" }], isError: true }],
    });
    expect(request.thinking).toEqual({ enabled: true, effort: "high", includeThoughts: true });
  });
});

describe("gemini decodeRequest: tool ids, links and schemas", () => {
  test("parallel calls of the same function without ids get ids and link in order by name", () => {
    const { request, features } = decode(fixture("requests/parallel-calls-no-ids.json"));
    expect(features).toEqual([]);
    const calls = request.messages[1]?.content ?? [];
    expect(calls.map((part) => (part.type === "tool-call" ? [part.id, part.name] : part.type))).toEqual([
      ["call_gm1_0", "get_weather"],
      ["call_gm1_1", "get_weather"],
      ["call_gm1_2", "get_time"],
    ]);
    const results = request.messages[2]?.content ?? [];
    expect(results).toEqual([
      { type: "tool-result", callId: "call_gm1_2", name: "get_time", content: [{ type: "text", text: '{"time":"21:04"}' }] },
      { type: "tool-result", callId: "call_gm1_0", name: "get_weather", content: [{ type: "text", text: "Paris: sunny, 21 C" }] },
      { type: "tool-result", callId: "call_gm1_1", name: "get_weather", content: [{ type: "text", text: "London: rain, 14 C" }] },
    ]);
  });

  test("the same history decodes to the same ids every time (stable for upstream prompt caches)", () => {
    const body = fixture("requests/parallel-calls-no-ids.json");
    expect(decode(body).request.messages).toEqual(decode(body).request.messages);
  });

  test("a response without name takes the name of the call it answers", () => {
    const { request } = decode({
      contents: [
        { role: "user", parts: [{ text: "go" }] },
        { role: "model", parts: [{ functionCall: { name: "lookup", args: { q: "x" } } }] },
        { role: "user", parts: [{ functionResponse: { response: { output: "found" } } }] },
      ],
    });
    expect(request.messages[2]?.content).toEqual([{ type: "tool-result", callId: "call_gm1_0", name: "lookup", content: [{ type: "text", text: "found" }] }]);
  });

  test("a response that answers no call is kept with a warning", () => {
    const { request, features } = decode({ contents: [{ role: "user", parts: [{ functionResponse: { name: "ghost", response: { output: "boo" } } }] }] });
    expect(features).toEqual(["functionResponse"]);
    expect(request.messages[0]?.content).toEqual([{ type: "tool-result", callId: "call_gm0_0", name: "ghost", content: [{ type: "text", text: "boo" }] }]);
  });

  test("OpenAPI parameters become lower-case JSON Schema (nullable, counts, format enum)", () => {
    const { request } = decode(fixture("requests/parallel-calls-no-ids.json"));
    expect(request.tools[0]).toEqual({
      name: "get_weather",
      description: "Current weather for a city.",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "City name." },
          unit: { type: ["string", "null"], enum: ["celsius", "fahrenheit"] },
          days: { type: "integer", minimum: 1, maxItems: 3 },
        },
        required: ["city"],
        propertyOrdering: ["city", "unit", "days"],
      },
    });
    expect(request.toolChoice).toEqual({ type: "tool", name: "get_weather" });
  });

  test("a declaration without parameters gets an empty object schema", () => {
    const { request } = decode({ ...hello, tools: [{ function_declarations: [{ name: "now" }] }] });
    expect(request.tools).toEqual([{ name: "now", parameters: { type: "object", properties: {} } }]);
  });

  test("functionCallingConfig modes", () => {
    const choice = (config: Record<string, unknown>) => decode({ ...hello, toolConfig: { functionCallingConfig: config } });
    expect(choice({ mode: "AUTO" }).request.toolChoice).toEqual({ type: "auto" });
    expect(choice({ mode: "VALIDATED" }).request.toolChoice).toEqual({ type: "auto" });
    expect(choice({ mode: "NONE" }).request.toolChoice).toEqual({ type: "none" });
    expect(choice({ mode: "ANY" }).request.toolChoice).toEqual({ type: "required" });
    const several = choice({ mode: "ANY", allowedFunctionNames: ["a", "b"] });
    expect(several.request.toolChoice).toEqual({ type: "required" });
    expect(several.features).toEqual(["toolConfig.allowedFunctionNames"]);
  });
});

describe("gemini decodeRequest: parts", () => {
  test("images inline (snake_case) and by fileData; other media and hosted tools are warnings", () => {
    const { request, features } = decode(fixture("requests/multimodal.json"));
    expect(request.messages[0]?.content).toEqual([
      { type: "text", text: "Describe these." },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" } },
      { type: "image", source: { kind: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/abc-123" } },
    ]);
    expect(features).toEqual(["inlineData", "tool:googleSearch", "tool:codeExecution"]);
    expect(request.tools).toEqual([]);
  });

  test("thought parts become reasoning; a signature on a text part becomes an empty signed reasoning part", () => {
    const { request } = decode({
      contents: [
        { role: "user", parts: [{ text: "q" }] },
        { role: "model", parts: [{ text: "thinking…", thought: true, thoughtSignature: "sigA" }, { text: "Answer.", thoughtSignature: "sigB" }] },
        { role: "user", parts: [{ text: "more" }] },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: "reasoning", text: "thinking…", signature: "sigA", signatureProtocol: "gemini" },
      { type: "reasoning", text: "", signature: "sigB", signatureProtocol: "gemini" },
      { type: "text", text: "Answer." },
    ]);
  });

  test("functionResponse shapes: {content}, {error: object}, other objects as JSON, images in parts", () => {
    const { request } = decode({
      contents: [
        { role: "model", parts: [{ functionCall: { name: "a", args: {} } }, { functionCall: { name: "b", args: {} } }, { functionCall: { name: "c", args: {} } }] },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "a", response: { content: "plain" } } },
            { functionResponse: { name: "b", response: { error: { code: 7 } } } },
            { functionResponse: { name: "c", response: { output: "shot" }, parts: [{ inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQ" } }] } },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: "tool-result", callId: "call_gm0_0", name: "a", content: [{ type: "text", text: "plain" }] },
      { type: "tool-result", callId: "call_gm0_1", name: "b", content: [{ type: "text", text: '{"code":7}' }], isError: true },
      { type: "tool-result", callId: "call_gm0_2", name: "c", content: [{ type: "text", text: "shot" }, { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "/9j/4AAQ" } }] },
    ]);
  });

  test("thinkingConfig: budget 0 turns thinking off, -1 is dynamic, includeThoughts false alone changes nothing", () => {
    const thinking = (config: Record<string, unknown>) => decode({ ...hello, generationConfig: { thinkingConfig: config } }).request.thinking;
    expect(thinking({ thinkingBudget: 0 })).toEqual({ enabled: false });
    expect(thinking({ thinkingBudget: -1, includeThoughts: true })).toEqual({ enabled: true, includeThoughts: true });
    expect(thinking({ thinkingLevel: "low" })).toEqual({ enabled: true, effort: "low" });
    expect(thinking({ includeThoughts: false })).toBeUndefined();
  });

  test("responseMimeType application/json without schema; candidateCount > 1 warns", () => {
    const { request, features } = decode({ ...hello, generationConfig: { responseMimeType: "application/json", candidateCount: 2, responseModalities: ["TEXT"] } });
    expect(request.responseFormat).toEqual({ type: "json" });
    expect(features).toEqual(["generationConfig.candidateCount"]);
    expect(request.extensions.gemini).toEqual({ candidateCount: 2, responseModalities: ["TEXT"] });
  });
});

describe("gemini RequestSchema (route validation)", () => {
  test("accepts every request fixture, camelCase or snake_case, and rejects a body without contents", async () => {
    const { Value } = await import("@sinclair/typebox/value");
    const { RequestSchema, ResponseSchema, ErrorSchema } = await import("../../../../src/protocols/gemini/schema.ts");
    for (const name of ["basic-snake-case", "gemini-cli-router", "gemini-cli-tools-history", "parallel-calls-no-ids", "multimodal"]) {
      expect(Value.Check(RequestSchema, fixture(`requests/${name}.json`))).toBe(true);
    }
    expect(Value.Check(RequestSchema, { generationConfig: {} })).toBe(false);
    expect(Value.Check(RequestSchema, { contents: [] })).toBe(false);
    const answer = geminiCodec.encodeResponse({ model: "m", content: [{ type: "text", text: "x" }], finishReason: { unified: "stop" }, usage: { inputTokens: 1, outputTokens: 1 } }, { model: "alias", newId: () => "id1", now: () => 0 });
    expect(Value.Check(ResponseSchema, answer)).toBe(true);
    expect(Value.Check(ErrorSchema, geminiCodec.encodeError(new ProxyError("rate_limit", "slow")).body)).toBe(true);
  });
});
