// In charge of bundling the dashboard (src/ui) with Bun's bundler, so the binary carries it: used as a macro by ui.ts.
//
// How the dashboard gets into the binary: src/server/ui.ts imports `uiBundle` from this file
// `with { type: "macro" }`. Bun runs the macro when it transpiles ui.ts (bun run, bun test) and when
// it bundles it (bun build --compile), and inlines the returned strings. Nothing is generated on
// disk, nothing is committed, and a clean clone runs `bun test` as is. Bun.build cannot run inside
// a macro (the bundler would wait on itself), so the macro runs this file as a child process.
//
// Run it directly to see what ships: `bun src/server/ui-bundle.ts` prints each asset's raw and
// gzipped size; `--out DIR` also writes the files; `--json` prints the bundle (what the macro reads).
import { join } from "node:path";

export interface UiAsset {
  /** Content-Type to serve it with. */
  type: string;
  body: string;
}

export interface UiBundle {
  /** The page, already pointing at `/ui/assets/<name>`. */
  html: string;
  /** Content-hashed file names (so they can be cached forever) → content. */
  assets: Record<string, UiAsset>;
}

const ENTRY = join(import.meta.dir, "..", "ui", "index.html");
export const ASSET_PREFIX = "/ui/assets/";

/** Bundles src/ui/index.html: its script (TypeScript, uPlot) and styles become one JS and one CSS file. */
export async function buildUi(): Promise<UiBundle> {
  const result = await Bun.build({ entrypoints: [ENTRY], target: "browser", minify: true, publicPath: ASSET_PREFIX, naming: { chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]", entry: "[name]-[hash].[ext]" } });
  if (!result.success) throw new Error(`dashboard bundle failed:\n${result.logs.map(String).join("\n")}`);
  let html = "";
  const assets: Record<string, UiAsset> = {};
  for (const output of result.outputs) {
    const name = output.path.replace(/^\.\//, "");
    if (name.endsWith(".html")) html = await output.text();
    else assets[name] = { type: output.type, body: await output.text() };
  }
  if (!html) throw new Error("dashboard bundle produced no HTML page");
  return { html, assets };
}

/** The macro: the bundle, computed in a child process (see the top of this file). */
export function uiBundle(): UiBundle {
  const child = Bun.spawnSync([process.execPath, import.meta.path, "--json"], { stdout: "pipe", stderr: "pipe" });
  if (child.exitCode !== 0) throw new Error(`bundling the dashboard failed (bun ${import.meta.path} --json):\n${child.stderr.toString()}`);
  return JSON.parse(child.stdout.toString()) as UiBundle;
}

async function main(args: string[]): Promise<void> {
  const bundle = await buildUi();
  if (args.includes("--json")) {
    process.stdout.write(JSON.stringify(bundle));
    return;
  }
  const outIndex = args.indexOf("--out");
  const outDir = outIndex === -1 ? undefined : args[outIndex + 1];
  const files: [string, string][] = [["index.html", bundle.html], ...Object.entries(bundle.assets).map(([name, asset]): [string, string] => [name, asset.body])];
  let raw = 0;
  let gzipped = 0;
  for (const [name, body] of files) {
    const size = Buffer.byteLength(body);
    const gzip = Bun.gzipSync(body).byteLength;
    raw += size;
    gzipped += gzip;
    console.log(`${name.padEnd(28)} ${String(size).padStart(8)} B  ${String(gzip).padStart(7)} B gzipped`);
    if (outDir) await Bun.write(join(outDir, name), body);
  }
  console.log(`${"total".padEnd(28)} ${String(raw).padStart(8)} B  ${String(gzipped).padStart(7)} B gzipped`);
}

if (import.meta.main) await main(process.argv.slice(2));
