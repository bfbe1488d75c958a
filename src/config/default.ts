// In charge of the default configuration compiled into the binary (the repository's config.toml).
// A text import keeps the comments and lets `bun build --compile` embed the file as-is.
import embeddedText from "../../config.toml" with { type: "text" };

const text: unknown = embeddedText;
if (typeof text !== "string") throw new Error("the embedded config.toml was not imported as text");

export const DEFAULT_CONFIG_TEXT: string = text;

/** How the embedded default is named in error messages and in LoadedConfig.source. */
export const EMBEDDED_SOURCE = "embedded";
