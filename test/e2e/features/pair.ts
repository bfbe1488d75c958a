// In charge of what every feature test of one client × upstream × stream pair shares: send, the upstream's view, the passthrough check.
import { expect } from "bun:test";
import type { FakeScenario } from "../../fakes/scenario.ts";
import type { Harness } from "../harness.ts";
import { CAPABILITIES, type ClientCapabilities, type Conversation, type Four, type Outcome } from "./conversation.ts";
import { FEATURE_DRIVERS } from "./fixtures.ts";
import { upstreamView, type UpstreamView } from "./upstream-view.ts";

/** Gemini's documented placeholder for calls whose signature Gemini never made. */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";

export interface Pair {
  client: Four;
  upstream: Four;
  stream: boolean;
  /** Same protocol on both sides: ccproxy forwards the body as it is. */
  direct: boolean;
  caps: ClientCapabilities;
  send(conversation: Conversation, scenario: FakeScenario): Promise<Outcome>;
  /** What the fake upstream received last, read into the neutral view. */
  seen(): UpstreamView;
  lastBody(): unknown;
  /** Same protocol: ccproxy forwards the client's body untouched but for the model name. */
  expectPassthrough(outcome: Outcome): void;
}

function withoutModel(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return body;
  const { model: _model, ...rest } = body as Record<string, unknown>;
  return rest;
}

export function makePair(harness: () => Harness, client: Four, upstream: Four, stream: boolean): Pair {
  const fake = () => harness().fakes[upstream];
  const direct = client === upstream;
  return {
    client,
    upstream,
    stream,
    direct,
    caps: CAPABILITIES[client],
    send(conversation, scenario) {
      fake().setScenario(scenario);
      return FEATURE_DRIVERS[client](harness().url, `${upstream}-model`, stream, conversation);
    },
    seen: () => upstreamView(upstream, fake().last()),
    lastBody: () => fake().last().body,
    expectPassthrough(outcome) {
      if (direct) expect(withoutModel(fake().last().body)).toEqual(withoutModel(outcome.sent));
    },
  };
}
