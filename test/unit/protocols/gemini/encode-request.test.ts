// In charge of testing UnifiedRequest → Gemini upstream body, and the same-protocol round trip.
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { decode, fixture, testContext } from "./helpers.ts";

function encode(request: UnifiedRequest): { body: Record<string, unknown>; features: string[] } {
  const encoded = geminiCodec.encodeRequest(request, testContext());
  return { body: encoded.value, features: encoded.warnings.map((warning) => warning.feature) };
}

function request(patch: Partial<UnifiedRequest>): UnifiedRequest {
  return { ...emptyRequest("gemini-2.5-pro"), ...patch };
}

describe("gemini encodeRequest: round trip", () => {
  test("Gemini CLI tool history survives decode + encode (signatures in place, ids only in our model)", () => {
    const original = fixture("requests/gemini-cli-tools-history.json");
    const { body, features } = encode(decode(original, "gemini-3-pro-preview").request);
    expect(features).toEqual([]);
    const withoutIds = JSON.parse(JSON.stringify(original.contents).replace(/"id":"[^"]*",/g, "")) as unknown;
    expect(body.contents).toEqual(withoutIds);
    expect(body.systemInstruction).toEqual({ parts: [{ text: "You are an interactive CLI agent specializing in software engineering tasks." }] });
    expect(body.generationConfig).toEqual({ temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true, thinkingBudget: 24576 } });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "read_file",
            description: "Reads and returns the content of a specified file.",
            parameters: {
              type: "OBJECT",
              properties: {
                absolute_path: { type: "STRING", description: "The absolute path to the file to read." },
                offset: { type: "NUMBER", description: "The 0-based line number to start reading from." },
                limit: { type: "NUMBER", description: "Maximum number of lines to read." },
              },
              required: ["absolute_path"],
            },
          },
          {
            name: "run_shell_command",
            description: "Executes a given shell command as `bash -c <command>`.",
            parameters: {
              type: "OBJECT",
              properties: {
                command: { type: "STRING", description: "Exact bash command to execute." },
                description: { type: "STRING", description: "Brief description of the command." },
                directory: { type: "STRING", description: "The directory to run the command in." },
              },
              required: ["command"],
            },
          },
        ],
      },
    ]);
  });

  test("Gemini CLI router call: upper-case responseJsonSchema goes upstream as a clean responseSchema", () => {
    const { body, features } = encode(decode(fixture("requests/gemini-cli-router.json"), "gemini-2.5-flash-lite").request);
    expect(features).toEqual([]);
    expect(body.generationConfig).toEqual({
      temperature: 0,
      topP: 1,
      topK: 64,
      responseMimeType: "application/json",
      responseSchema: {
        type: "OBJECT",
        properties: {
          reasoning: { type: "STRING", description: "Why this model." },
          model_choice: { type: "STRING", enum: ["flash", "pro"] },
          confidence: { type: "NUMBER" },
          steps: { type: "ARRAY", items: { type: "INTEGER" } },
        },
        required: ["reasoning", "model_choice"],
      },
      thinkingConfig: { includeThoughts: true, thinkingBudget: 24576 },
    });
  });

  test("snake_case request comes back camelCase with the same meaning", () => {
    const { body } = encode(decode(fixture("requests/basic-snake-case.json")).request);
    expect(body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "Hello there" }] },
        { role: "model", parts: [{ text: "Meow. Hello, human." }] },
        { role: "user", parts: [{ text: "Explain how AI works in a few words" }] },
      ],
      systemInstruction: { parts: [{ text: "You are a cat. Your name is Neko." }] },
      generationConfig: {
        temperature: 1,
        topP: 0.8,
        topK: 10,
        maxOutputTokens: 800,
        stopSequences: ["Title"],
        seed: 42,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
      },
      safetySettings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", threshold: "BLOCK_ONLY_HIGH" }],
    });
  });

  test("parallel calls and results keep their order and names; an object result goes back as JSON text", () => {
    const { body } = encode(decode(fixture("requests/parallel-calls-no-ids.json")).request);
    const contents = body.contents as Array<{ role: string; parts: unknown[] }>;
    expect(contents[1]?.parts).toEqual([
      { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "skip_thought_signature_validator" },
      { functionCall: { name: "get_weather", args: { city: "London" } } },
      { functionCall: { name: "get_time", args: { zone: "Asia/Tokyo" } } },
    ]);
    expect(contents[2]).toEqual({
      role: "user",
      parts: [
        { functionResponse: { name: "get_time", response: { output: '{"time":"21:04"}' } } },
        { functionResponse: { name: "get_weather", response: { output: "Paris: sunny, 21 C" } } },
        { functionResponse: { name: "get_weather", response: { output: "London: rain, 14 C" } } },
      ],
    });
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } });
  });

  test("a signature that rode on a text part goes back on that text part", () => {
    const original = [
      { role: "user", parts: [{ text: "q" }] },
      { role: "model", parts: [{ text: "hmm", thought: true, thoughtSignature: "sigA" }, { text: "Answer.", thoughtSignature: "sigB" }, { text: "", thoughtSignature: "sigC" }] },
      { role: "user", parts: [{ text: "next" }] },
    ];
    const { body } = encode(decode({ contents: original }).request);
    expect(body.contents).toEqual(original);
  });
});

describe("gemini encodeRequest: history from other protocols", () => {
  const foreign = request({
    system: [{ type: "text", text: "Top system." }, { type: "text", text: "Second block.", cacheControl: { type: "ephemeral" } }],
    messages: [
      { role: "user", content: [{ type: "text", text: "Read two files" }] },
      { role: "system", content: [{ type: "text", text: "In-place system note." }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "I should read them.", signature: "claude-sig", signatureProtocol: "claude" },
          { type: "text", text: "Reading." },
          { type: "tool-call", id: "toolu_01", name: "Read", arguments: { file_path: "/a" } },
        ],
      },
      { role: "assistant", content: [{ type: "tool-call", id: "toolu_02", name: "Read", arguments: { file_path: "/b" } }] },
      {
        role: "user",
        content: [
          { type: "tool-result", callId: "toolu_01", content: [{ type: "text", text: "     1\tline a" }] },
          { type: "tool-result", callId: "toolu_02", content: [{ type: "text", text: "ENOENT" }], isError: true },
        ],
      },
      { role: "user", content: [{ type: "text", text: "And now?" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0K" } }] },
    ],
    tools: [{ name: "Read", description: "Read a file", parameters: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { file_path: { type: "string" } }, required: ["file_path"], additionalProperties: false } }],
  });

  test("system messages go to systemInstruction; turns merge; names come from the calls; foreign reasoning is dropped", () => {
    const { body, features } = encode(foreign);
    expect(body.systemInstruction).toEqual({ parts: [{ text: "Top system." }, { text: "Second block." }, { text: "In-place system note." }] });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Read two files" }] },
      {
        role: "model",
        parts: [
          { text: "Reading." },
          { functionCall: { name: "Read", args: { file_path: "/a" } }, thoughtSignature: "skip_thought_signature_validator" },
          { functionCall: { name: "Read", args: { file_path: "/b" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "Read", response: { output: "     1\tline a" } } },
          { functionResponse: { name: "Read", response: { error: "ENOENT" } } },
          { text: "And now?" },
          { inlineData: { mimeType: "image/png", data: "iVBORw0K" } },
        ],
      },
    ]);
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: "Read", description: "Read a file", parameters: { type: "OBJECT", properties: { file_path: { type: "STRING" } }, required: ["file_path"] } }] }]);
    expect(features).toEqual(["reasoning"]);
  });

  test("a Gemini-signed call is sent with its own signature, not the placeholder", () => {
    const { body } = encode(
      request({
        messages: [
          { role: "user", content: [{ type: "text", text: "go" }] },
          { role: "assistant", content: [{ type: "tool-call", id: "call_1", name: "f", arguments: {}, signature: "real", signatureProtocol: "gemini" }] },
        ],
      }),
    );
    expect((body.contents as Array<{ parts: unknown[] }>)[1]?.parts).toEqual([{ functionCall: { name: "f", args: {} }, thoughtSignature: "real" }]);
  });

  test("tool results with images, a result answering no call (sent as text: Gemini rejects a lone functionResponse), URL images", () => {
    const { body, features } = encode(
      request({
        messages: [
          { role: "user", content: [{ type: "tool-result", callId: "nowhere", content: [{ type: "text", text: "see" }, { type: "image", source: { kind: "url", url: "data:image/jpeg;base64,/9j/4A" } }] }] },
          { role: "user", content: [{ type: "image", source: { kind: "url", url: "https://example.com/cat.webp" } }] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "Tool result for call (nowhere):\nsee" },
          { inlineData: { mimeType: "image/jpeg", data: "/9j/4A" } },
          { fileData: { fileUri: "https://example.com/cat.webp", mimeType: "image/webp" } },
        ],
      },
    ]);
    expect(features).toEqual(["tool_result.unmatched", "image.url"]);
  });
});

describe("gemini encodeRequest: settings", () => {
  const base = { messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] };

  test("tool choice, a tool without arguments, structured output", () => {
    const { body } = encode(
      request({
        ...base,
        tools: [{ name: "now", parameters: { type: "object", properties: {} } }],
        toolChoice: { type: "required" },
        responseFormat: { type: "json-schema", schema: { type: "object", properties: { a: { type: "integer", exclusiveMinimum: 0 } }, additionalProperties: false } },
        maxTokens: 100,
        stop: ["END"],
      }),
    );
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: "now" }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 100, stopSequences: ["END"], responseMimeType: "application/json", responseSchema: { type: "OBJECT", properties: { a: { type: "INTEGER", minimum: 1 } } } });
  });

  test("thinking: off → budget 0, effort → budget, budget wins, dynamic when neither", () => {
    const thinking = (value: UnifiedRequest["thinking"]) => (encode(request({ ...base, thinking: value })).body.generationConfig as Record<string, unknown>).thinkingConfig;
    expect(thinking({ enabled: false })).toEqual({ thinkingBudget: 0 });
    expect(thinking({ enabled: true, effort: "minimal" })).toEqual({ includeThoughts: true, thinkingBudget: 512 });
    expect(thinking({ enabled: true, effort: "low" })).toEqual({ includeThoughts: true, thinkingBudget: 2048 });
    expect(thinking({ enabled: true, effort: "medium" })).toEqual({ includeThoughts: true, thinkingBudget: 8192 });
    expect(thinking({ enabled: true, budgetTokens: 3000, effort: "high" })).toEqual({ includeThoughts: true, thinkingBudget: 3000 });
    expect(thinking({ enabled: true, includeThoughts: false })).toEqual({ includeThoughts: false, thinkingBudget: -1 });
  });

  test("json mode, extensions and no toolConfig without tools", () => {
    const { body, features } = encode(
      request({
        ...base,
        toolChoice: { type: "auto" },
        parallelToolCalls: false,
        responseFormat: { type: "json" },
        extensions: { gemini: { cachedContent: "cachedContents/abc", responseModalities: ["TEXT"], sse: true } },
      }),
    );
    expect(body.toolConfig).toBeUndefined();
    expect(body.cachedContent).toBe("cachedContents/abc");
    expect(body.generationConfig).toEqual({ responseMimeType: "application/json", responseModalities: ["TEXT"] });
    expect(features).toEqual(["parallelToolCalls"]);
  });
});
