// In charge of token counting tests: Claude count_tokens and Gemini countTokens against every upstream (its counter, or an estimate).
import { describe, expect, test } from "bun:test";
import { GoogleGenAI } from "@google/genai";
import type { Harness } from "../harness.ts";
import { FOUR } from "./conversation.ts";
import { WEATHER } from "./fixtures.ts";

export function registerCountTokenTests(getHarness: () => Harness): void {
  describe("token counting for every upstream", () => {
    const conversation = { system: "You are terse.", user: "Count these words, please." };
    for (const upstream of FOUR) {
      test(`Claude POST /v1/messages/count_tokens via the ${upstream} upstream`, async () => {
        const before = getHarness().fakes[upstream].requests.length;
        const count = (tools: boolean) =>
          fetch(`${getHarness().url}/v1/messages/count_tokens`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": "sk-ccp-test-key-0001", "anthropic-version": "2023-06-01" },
            body: JSON.stringify({ model: `${upstream}-model`, system: conversation.system, messages: [{ role: "user", content: conversation.user }], ...(tools ? { tools: [{ name: WEATHER.name, description: WEATHER.description, input_schema: WEATHER.parameters }] } : {}) }),
          }).then(async (response) => ({ status: response.status, body: (await response.json()) as { input_tokens: number } }));
        const withTools = await count(true);
        expect(withTools.status).toBe(200);
        if (upstream === "claude" || upstream === "gemini") {
          expect(withTools.body.input_tokens).toBe(upstream === "claude" ? 1234 : 2345);
          const request = getHarness().fakes[upstream].last();
          const sent = JSON.stringify(request.body);
          expect(sent).toContain(conversation.system);
          expect(sent).toContain(conversation.user);
          expect(sent).toContain("get_weather");
          if (upstream === "claude") {
            expect(request.path).toBe("/v1/messages/count_tokens");
            expect((request.body as Record<string, unknown>).max_tokens).toBeUndefined();
          } else {
            expect(request.path).toBe("/v1beta/models/upstream-gemini:countTokens");
            expect((request.body as { generateContentRequest: { model: string } }).generateContentRequest.model).toBe("models/upstream-gemini");
          }
        } else {
          // No counter upstream: a local estimate over system, messages and tools; nothing is sent upstream.
          const without = await count(false);
          expect(without.body.input_tokens).toBeGreaterThan(0);
          expect(withTools.body.input_tokens).toBeGreaterThan(without.body.input_tokens);
          expect(getHarness().fakes[upstream].requests.length).toBe(before);
        }
      });

      const geminiCount = (body: unknown) =>
        fetch(`${getHarness().url}/v1beta/models/${upstream}-model:countTokens`, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": "sk-ccp-test-key-0001" }, body: JSON.stringify(body) }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as { totalTokens: number },
        }));
      const contents = [{ role: "user", parts: [{ text: conversation.user }] }];

      test(`Gemini :countTokens {contents} via the ${upstream} upstream (SDK and raw)`, async () => {
        const before = getHarness().fakes[upstream].requests.length;
        const counted = await new GoogleGenAI({ apiKey: "sk-ccp-test-key-0001", httpOptions: { baseUrl: getHarness().url } }).models.countTokens({ model: `${upstream}-model`, contents });
        const raw = await geminiCount({ contents });
        expect(raw.status).toBe(200);
        expect(counted.totalTokens).toBe(raw.body.totalTokens);
        if (upstream === "claude" || upstream === "gemini") {
          expect(raw.body.totalTokens).toBe(upstream === "claude" ? 1234 : 2345);
          expect(JSON.stringify(getHarness().fakes[upstream].last().body)).toContain(conversation.user);
        } else {
          expect(raw.body.totalTokens).toBeGreaterThan(0);
          expect(getHarness().fakes[upstream].requests.length).toBe(before);
        }
      });

      test(`Gemini :countTokens {generateContentRequest} with system and tools via the ${upstream} upstream`, async () => {
        const plain = await geminiCount({ contents });
        // CountTokensRequest takes `contents` OR a whole `generateContentRequest` (https://ai.google.dev/api/tokens).
        const full = await geminiCount({ generateContentRequest: { model: `models/${upstream}-model`, contents, systemInstruction: { parts: [{ text: conversation.system }] }, tools: [{ functionDeclarations: [{ name: WEATHER.name, description: WEATHER.description, parametersJsonSchema: WEATHER.parameters }] }] } });
        expect(full.status).toBe(200);
        if (upstream === "claude" || upstream === "gemini") {
          expect(full.body.totalTokens).toBe(upstream === "claude" ? 1234 : 2345);
          const sent = JSON.stringify(getHarness().fakes[upstream].last().body);
          expect(sent).toContain("get_weather");
          expect(sent).toContain(conversation.system);
        } else expect(full.body.totalTokens).toBeGreaterThan(plain.body.totalTokens);
      });
    }
  });
}
