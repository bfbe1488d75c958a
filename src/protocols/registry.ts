// In charge of the one place that lists the codecs; a new protocol is a folder plus one line here.
import type { ProtocolName } from "../unified/protocol.ts";
import type { ProtocolCodec } from "./codec.ts";
import { claudeCodec } from "./claude/index.ts";
import { geminiCodec } from "./gemini/index.ts";
import { ollamaCodec } from "./ollama/index.ts";
import { openaiCodec } from "./openai/index.ts";
import { responsesCodec } from "./responses/index.ts";

export const codecs: Record<ProtocolName, ProtocolCodec> = {
  openai: openaiCodec,
  claude: claudeCodec,
  gemini: geminiCodec,
  ollama: ollamaCodec,
  "openai-responses": responsesCodec,
};
