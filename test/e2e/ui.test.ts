// In charge of the web dashboard in a real headless browser (Debian's chromium via puppeteer-core) against a ccproxy with fake upstreams.
// Screenshots of every page land in test/artifacts/ui/ (gitignored) for a human look.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import puppeteer, { type Browser, type ElementHandle, type Page } from "puppeteer-core";
import { ACCESS_KEY, ADMIN_KEY, PROVIDER_KEY, startHarness, type Harness } from "./harness.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dir, "..", "artifacts", "ui");
/** Browser steps wait on 2 s polls and real rendering; more than bunfig's default. */
const TIMEOUT = 30_000;
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let harness: Harness;
let browser: Browser;
let page: Page;
let profile: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  // No skip: CI installs chromium (.ci/run); a machine without it must fail loudly here.
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "ccproxy-ui-chromium-"));
  // A real (fake) MCP server over stdio, so the Providers tab has servers and tools to show.
  const mcpServer = join(import.meta.dir, "..", "fakes", "mcp", "stdio-server.ts");
  harness = await startHarness({ toml: `[[mcp_servers]]\nname = "fs"\ncommand = [${JSON.stringify(process.execPath)}, ${JSON.stringify(mcpServer)}]\n` });
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: profile, args: LAUNCH_ARGS });
  page = await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.setDefaultTimeout(10_000);
  await page.setViewport({ width: 1280, height: 900 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  // From the top, so the sticky header is drawn where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) as `${string}.png`, fullPage: true });
}

/** Waits until some element matching `selector` contains `text`. */
const waitForText = (selector: string, text: string, timeout = 10_000) =>
  page.waitForFunction((sel: string, wanted: string) => [...document.querySelectorAll(sel)].some((element) => element.textContent?.includes(wanted)), { timeout }, selector, text);

const textOf = (selector: string) => page.$eval(selector, (element) => element.textContent ?? "");

const admin = async (path: string) => (await fetch(`${harness.url}/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json();

const openai = (prefix = "") => new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${harness.url}${prefix}/v1`, maxRetries: 0 });

/** Clicks the visible button whose text is exactly `text` (inside `scope`), waiting for it to appear. */
async function clickButton(text: string, scope = "body"): Promise<void> {
  const handle = await page.waitForFunction(
    (where: string, wanted: string) => [...document.querySelectorAll(`${where} button`)].find((button) => button.textContent?.trim() === wanted && (button as HTMLElement).offsetParent !== null) ?? null,
    {},
    scope,
    text,
  );
  await (handle as ElementHandle<HTMLButtonElement>).click();
}

async function showTab(id: string): Promise<void> {
  await page.locator(`#tab-${id}`).click();
  await page.waitForSelector(`#panel-${id}:not([hidden])`);
}

describe("dashboard in a browser", () => {
  test("sign in: a wrong admin key is refused in place, the right one opens the overview", async () => {
    await page.goto(`${harness.url}/ui`);
    await page.locator("#admin-key").fill("not-the-key");
    await page.locator("button[type=submit]").click();
    await waitForText(".error-box", "wrong admin key");
    await shot("signin-refused");
    await page.locator("#admin-key").fill(ADMIN_KEY);
    await page.locator("button[type=submit]").click();
    await page.waitForSelector("#tab-overview[aria-selected=true]");
    // Kept for this tab only.
    expect(await page.evaluate(() => [sessionStorage.getItem("ccproxy.adminKey"), localStorage.length])).toEqual([ADMIN_KEY, 0]);
  }, TIMEOUT);

  test("a request made through the proxy appears in the live tail and in the charts' data", async () => {
    harness.fakes.openai.setScenario({ text: "hello from the fake" });
    const completion = await openai().chat.completions.create({ model: "openai-model", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("hello from the fake");
    // The tail polls every 2 s; no reload.
    await waitForText(".tail tbody tr", "openai-model → openai/upstream-openai");
    const row = await textOf(".tail tbody tr");
    expect(row).toContain("200");
    expect(row).toContain("default");
    // New traffic in the tail refreshes the charts; their data tables carry the numbers.
    await page.waitForFunction(() => [...document.querySelectorAll(".chart")].some((chart) => chart.querySelector("figcaption")?.textContent === "Requests and errors" && [...chart.querySelectorAll("td[data-value]")].some((cell) => Number(cell.getAttribute("data-value")) >= 1)));
    await waitForText(".chart", "Requests by model asked");
    await waitForText(".chart table", "openai-model");
    await waitForText(".overview table.data.wide tbody th", "openai-model");
    expect(await textOf(".cards")).toContain("Requests");
    await shot("overview");
  }, TIMEOUT);

  test("the breakdown picker and the time range picker re-query the charts", async () => {
    await page.locator("select[name=by]").fill("provider");
    await waitForText(".chart figcaption", "Requests by provider");
    await waitForText(".chart table", "openai");
    await page.locator("select[name=range]").fill("custom");
    await page.waitForSelector(".custom-range:not([hidden]) input[name=from]");
    await page.locator("select[name=range]").fill("24h");
    await page.waitForSelector(".custom-range[hidden]", { hidden: false });
    await waitForText(".chart figcaption", "Requests by provider");
  }, TIMEOUT);

  test("create a group with an alias (errors shown in place, nothing lost), then use it through the OpenAI SDK", async () => {
    await showTab("groups");
    await clickButton("New group");
    await page.waitForSelector("dialog[open]");
    await page.locator("dialog input[name=name]").fill("default");
    await page.locator("dialog input[name=alias]").fill("team-model");
    await page.locator("dialog textarea[name=targets]").fill("nosuch/model");
    await page.locator("dialog input[name=temperature_ratio]").fill("0.5");
    await page.locator("dialog button[type=submit]").click();
    // Caught before sending: the field says what is wrong.
    await waitForText("dialog .problem", "unknown provider 'nosuch'");
    await shot("group-dialog-invalid");
    await page.locator("dialog textarea[name=targets]").fill("openai/team-upstream");
    await page.locator("dialog button[type=submit]").click();
    // Refused by the server (the name exists): its message shows in the dialog, which keeps every value.
    await waitForText("dialog .error-box", "already exists");
    expect(await page.$eval("dialog input[name=alias]", (input) => (input as HTMLInputElement).value)).toBe("team-model");
    expect(await page.$eval("dialog input[name=temperature_ratio]", (input) => (input as HTMLInputElement).value)).toBe("0.5");
    await shot("group-dialog-server-error");
    await page.locator("dialog input[name=name]").fill("team");
    await page.locator("dialog button[type=submit]").click();
    await page.waitForSelector("dialog", { hidden: true });
    await page.waitForSelector("article[data-group=team]");
    expect(await textOf("article[data-group=team]")).toContain("team-model → openai/team-upstream");
    await shot("groups");

    harness.fakes.openai.setScenario({ text: "team answer" });
    const completion = await openai("/team").chat.completions.create({ model: "team-model", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("team answer");
    expect((harness.fakes.openai.last().body as { model: string }).model).toBe("team-upstream");
    expect(await admin("/groups/team")).toMatchObject({ temperature_ratio: 0.5, aliases: [{ alias: "team-model", targets: ["openai/team-upstream"] }] });
  }, TIMEOUT);

  test("edit a group: prompt injection and tool filter are saved", async () => {
    await page.locator("button[aria-label='Edit group team']").click();
    await page.waitForSelector("dialog[open]");
    expect(await page.$eval("dialog input[name=name]", (input) => (input as HTMLInputElement).readOnly)).toBe(true);
    await page.locator("dialog select[name=prompt_injection]").fill("enhance");
    await page.locator("dialog textarea[name=prompt_text]").fill("Answer briefly.");
    await page.locator("dialog input[name=tool_filter]").fill("WebFetch, WebSearch");
    await clickButton("Add alias", "dialog");
    const aliases = await page.$$("dialog input[name=alias]");
    expect(aliases).toHaveLength(2);
    await aliases[1]!.type("team-*");
    const targets = await page.$$("dialog textarea[name=targets]");
    await targets[1]!.type("claude/team-claude");
    await shot("group-dialog-edit");
    await page.locator("dialog button[type=submit]").click();
    await page.waitForSelector("dialog", { hidden: true });
    await waitForText("article[data-group=team]", "drops tools: WebFetch, WebSearch");
    expect(await admin("/groups/team")).toMatchObject({ prompt_injection: "enhance", prompt_text: "Answer briefly.", tool_filter: ["WebFetch", "WebSearch"], temperature_ratio: 0.5, aliases: [{ alias: "team-model" }, { alias: "team-*", targets: ["claude/team-claude"] }] });
  }, TIMEOUT);

  test("switch the active group: /switch follows it", async () => {
    await page.locator("select[name=active-group]").fill("team");
    await page.locator(".switcher button[type=submit]").click();
    await waitForText(".switcher [role=status]", "/switch now uses team");
    await waitForText(".active-group", "team");
    expect(await admin("/active-group")).toEqual({ group: "team" });
    harness.fakes.openai.setScenario({ text: "switched" });
    const completion = await openai("/switch").chat.completions.create({ model: "team-model", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("switched");
    await shot("groups-switched");
  }, TIMEOUT);

  test("access keys: create (shown once), list masked, delete", async () => {
    await showTab("keys");
    await page.locator("input[name=key-name]").fill("laptop");
    await clickButton("Create key");
    await page.waitForSelector("dialog[open] input.secret");
    const key = await page.$eval("dialog input.secret", (input) => (input as HTMLInputElement).value);
    expect(key).toMatch(/^sk-ccp-[0-9a-f]{48}$/);
    await shot("key-created");
    await browser.defaultBrowserContext().overridePermissions(harness.url, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
    await page.locator("dialog button[aria-label='Copy the key laptop']").click();
    await waitForText("dialog button[aria-label='Copy the key laptop']", "Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await clickButton("I have saved it", "dialog");
    await page.waitForSelector("dialog", { hidden: true });
    await page.waitForSelector("tr[data-key=laptop]");
    const row = await textOf("tr[data-key=laptop]");
    expect(row).not.toContain(key);
    expect(row).toContain("…");
    expect(await page.content()).not.toContain(key);
    const models = () => fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect((await models()).status).toBe(200);
    await shot("keys");

    await page.locator("button[aria-label='Delete key laptop']").click();
    await clickButton("Delete key", "dialog");
    await page.waitForSelector("tr[data-key=laptop]", { hidden: true });
    expect((await models()).status).toBe(401);
  }, TIMEOUT);

  test("providers: protocol, base URL, masked keys and health per key and target; MCP section", async () => {
    // A rate-limited answer rests the gemini key: the page shows that cooldown.
    harness.fakes.gemini.setScenario({ error: { status: 429, message: "slow down", retryAfter: 120 } });
    const limited = await fetch(`${harness.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model: "gemini-model", messages: [{ role: "user", content: "hi" }] }) });
    expect(limited.status).toBe(429);
    await showTab("providers");
    await waitForText("article[data-provider=gemini]", "cooling down");
    expect(await textOf("article[data-provider=gemini]")).toMatch(/until .*429/);
    await page.waitForSelector("article[data-provider=openai]");
    const card = await textOf("article[data-provider=openai]");
    expect(card).toContain("openai");
    expect(card).toContain(harness.fakes.openai.baseUrl);
    expect(card).toContain("healthy");
    expect(card).toContain("team-upstream");
    expect(await page.content()).not.toContain(PROVIDER_KEY);
    // The hub connects in the background; reload the tab until the server is ready.
    for (let attempt = 0; attempt < 20 && !(await page.$("article[data-mcp=fs] .badge.ok")); attempt++) {
      await Bun.sleep(250);
      await showTab("overview");
      await showTab("providers");
    }
    await page.waitForSelector("article[data-mcp=fs] .badge.ok");
    const mcp = await textOf("article[data-mcp=fs]");
    expect(mcp).toContain("ready");
    expect(mcp).toContain("stdio");
    expect(mcp).toMatch(/\d+ tools/);
    await page.locator("article[data-mcp=fs] summary").click();
    await waitForText("article[data-mcp=fs] .tools", "echo");
    await shot("providers");
  }, TIMEOUT);

  test("connect: each group's client settings, with and without compat mode, and the /swagger link", async () => {
    await page.goto(`${harness.url}/ui#connect?group=team`);
    await waitForText("[data-testid=base-url]", `${harness.url}/team`);
    expect(await textOf("[data-snippet=claude-code] pre")).toContain(`ANTHROPIC_BASE_URL=${harness.url}/team`);
    expect(await textOf("[data-snippet=openai-python] pre")).toContain(`${harness.url}/team/v1`);
    await page.locator("#connect-compat").click();
    await waitForText("[data-testid=base-url]", `${harness.url}/team/compat_mode`);
    expect(await textOf("[data-snippet=gemini-cli] pre")).toContain(`GOOGLE_GEMINI_BASE_URL=${harness.url}/team/compat_mode`);
    await page.locator("#connect-switch").click();
    await waitForText("[data-testid=base-url]", `${harness.url}/switch/compat_mode`);
    expect(await page.$eval("#panel-connect a[href='/swagger']", (link) => link.textContent)).toContain("/swagger");
    await page.locator("#connect-switch").click();
    await page.locator("#connect-compat").click();
    // Plain http on a LAN address is not a secure context (no async clipboard): the fallback still copies.
    await page.evaluate(() => Object.defineProperty(window, "isSecureContext", { value: false, configurable: true }));
    await page.locator("button[aria-label='Copy the Claude Code settings']").click();
    await waitForText("[data-snippet=claude-code] button", "Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`ANTHROPIC_BASE_URL=${harness.url}/team\n`);
    await shot("connect");
  }, TIMEOUT);

  test("keyboard: arrow keys move between tabs, Escape closes a dialog and focus returns", async () => {
    await page.focus("#tab-connect");
    await page.keyboard.press("ArrowLeft");
    await page.waitForSelector("#tab-providers[aria-selected=true]");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-providers");
    await page.keyboard.press("Home");
    await page.waitForSelector("#tab-overview[aria-selected=true]");
    await showTab("groups");
    await page.focus("#panel-groups .section-head .primary");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog[open]");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("name");
    // Every form control, in the page and in the open dialog, has a label.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")].filter((control) => !(control as HTMLInputElement).labels?.length && !control.getAttribute("aria-label")).map((control) => control.outerHTML));
    expect(unlabelled).toEqual([]);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog", { hidden: true });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("New group");
  }, TIMEOUT);

  test("dark colour scheme: the overview follows prefers-color-scheme", async () => {
    await showTab("overview");
    await page.waitForSelector(".tail tbody tr[data-id]");
    // Grid lines are drawn on the canvas in the theme's --grid colour: count pixels of exactly that colour.
    const gridPixels = (rgb: [number, number, number]) =>
      page.$eval(".chart canvas", (canvas, [red, green, blue]) => {
        const data = (canvas as HTMLCanvasElement).getContext("2d")!.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height).data;
        let count = 0;
        for (let index = 0; index < data.length; index += 4) if (data[index] === red && data[index + 1] === green && data[index + 2] === blue && data[index + 3] === 255) count++;
        return count;
      }, rgb);
    const LIGHT_GRID: [number, number, number] = [0xe6, 0xe9, 0xed];
    const DARK_GRID: [number, number, number] = [0x2a, 0x30, 0x38];
    expect(await gridPixels(LIGHT_GRID)).toBeGreaterThan(100);
    // Switching the scheme while the page is open redraws the charts in the new colours.
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    await page.waitForFunction(() => getComputedStyle(document.documentElement).backgroundColor === "rgb(16, 19, 23)");
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe("rgb(231, 234, 238)");
    // uPlot draws on the next frame.
    for (let attempt = 0; attempt < 20 && (await gridPixels(DARK_GRID)) === 0; attempt++) await Bun.sleep(100);
    expect(await gridPixels(DARK_GRID)).toBeGreaterThan(100);
    expect(await gridPixels(LIGHT_GRID)).toBe(0);
    await shot("overview-dark");
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  }, TIMEOUT);

  test("phone-size screen: no sideways scrolling, tabs still reachable", async () => {
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    for (const tab of ["overview", "groups"]) {
      await page.goto(`${harness.url}/ui#${tab}`);
      await page.waitForSelector(`#panel-${tab}:not([hidden])`);
      if (tab === "overview") await page.waitForSelector(".tail tbody tr[data-id]");
      else await page.waitForSelector("article[data-group=team]");
      // A mobile viewport would zoom out to fit a too-wide page, so compare with the phone's width itself.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(`phone-${tab}`);
    }
    await page.setViewport({ width: 1280, height: 900 });
  }, TIMEOUT);

  test("delete a group: confirmed in a dialog, /switch falls back to default", async () => {
    await showTab("groups");
    await page.locator("button[aria-label='Delete group team']").click();
    await waitForText("dialog[open]", "Clients using /team/");
    await shot("group-delete-confirm");
    await clickButton("Delete group", "dialog");
    await page.waitForSelector("article[data-group=team]", { hidden: true });
    expect((await fetch(`${harness.url}/admin/groups/team`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(404);
    expect(await admin("/active-group")).toEqual({ group: "default" });
    expect(await page.$("button[aria-label='Delete group default'][disabled]")).not.toBeNull();
  }, TIMEOUT);

  test("the page ran without a script error", () => {
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);
});

describe("dashboard without an admin key", () => {
  test("it says how to enable the admin API", async () => {
    const closed = await startHarness({ admin: false });
    const other = await browser.newPage();
    try {
      await other.goto(`${closed.url}/ui`);
      await other.waitForFunction(() => document.body.textContent?.includes("admin API is turned off"));
      const text = await other.$eval("body", (body) => body.textContent ?? "");
      expect(text).toContain("CCPROXY_ADMIN_KEY");
      expect(text).toContain("admin_key");
      await other.screenshot({ path: join(ARTIFACTS, "admin-disabled.png"), fullPage: true });
    } finally {
      await other.close();
      await closed.stop();
    }
  }, TIMEOUT);
});
