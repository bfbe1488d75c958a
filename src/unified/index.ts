// In charge of re-exporting the unified model so callers import one path.
export * from "./content.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./extensions.ts";
export * from "./finish-reason.ts";
export * from "./protocol.ts";
export * from "./request.ts";
export * from "./response.ts";
export * from "./usage.ts";
export * from "./warnings.ts";
