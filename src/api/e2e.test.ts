import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREENSHOT = join(tmpdir(), "cordon", "home.png");
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(
    `e2e: ${CHROMIUM} is absent, skipping the browser test (apt-get install -y chromium)`,
  );
}

/**
 * The real server (`tsx src/api/main.ts --demo`, offline, on a fresh CORDON_HOME and a free
 * port) driven by a real browser: the path a person takes from the front page to a sanction.
 */
describe.skipIf(!hasChromium)("npm start in a browser", () => {
  let server: ChildProcess;
  let output = "";
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CORDON_HOME: await mkdtemp(join(tmpdir(), "cordon-e2e-")),
      CORDON_OFFLINE: "1",
      HOST: "127.0.0.1",
      PORT: "0",
    };
    delete env.CORDON_DATA_DIR;
    delete env.DATABASE_URL;
    // tsx itself, not npx: npx does not pass SIGTERM on, and would leave the server running.
    server = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/api/main.ts", "--demo"], {
      cwd: ROOT,
      env,
    });
    base = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /Cordon is running at (http:\/\/\S+)/.exec(output)?.[1];
        if (url !== undefined) resolve(url);
      };
      server.stdout?.on("data", onData);
      server.stderr?.on("data", onData);
      server.once("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.exitCode === null) server.kill("SIGTERM");
  });

  it("says which demo source it loaded", () => {
    expect(output).toContain("not downloading the official lists");
    expect(output).toMatch(/cordon-demo\.ftm\.jsonl → cordon_demo v1: 4 entities/);
  });

  it("finds a designated company from the front page and shows its sanction", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(base);
    expect(await page.title()).toBe("Datasets · Cordon");
    await expect(page.locator("table").first().textContent()).resolves.toContain("cordon_demo");
    mkdirSync(join(tmpdir(), "cordon"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.fill("form.search-hero input[name=q]", "KOMID");
    await Promise.all([
      page.waitForURL(/\/search\?q=KOMID/),
      page.press("form.search-hero input", "Enter"),
    ]);
    await page.click('a[href="/entities/cordon-demo-komid"]');
    await page.waitForURL(/\/entities\/cordon-demo-komid$/);

    expect(await page.locator("h1").textContent()).toBe(
      "Korea Mining Development Trading Corporation",
    );
    const sanction = await page.locator(".sanction-card").first().textContent();
    expect(sanction).toContain("DPRK");
    expect(sanction).toContain("United Nations Security Council");
    expect(sanction).toContain("KPe.001");
    expect(sanction).toContain("2009-04-24");
    await page.click('a[href="/entities/cordon-demo-vessel"]');
    expect(await page.locator("h1").textContent()).toBe("CHON MA SAN");
  });

  /** Opens `path`, which sends a visitor to the login page, logs in as us-analyst, and is back. */
  async function visitAsDemoAnalyst(page: Page, path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.waitForURL(/\/ui\/login\?next=/);
    await page.fill("input[name=username]", "us-analyst");
    await page.fill("input[name=password]", "demo-us-analyst-2026");
    await Promise.all([
      page.waitForURL((url) => url.pathname === path),
      page.press("input[name=password]", "Enter"),
    ]);
  }

  it("logs a demo analyst in and shows the demo STS case with its corroboration and reviews", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await visitAsDemoAnalyst(page, "/casework/incidents");
    await page.click("text=Ship-to-ship transfer of refined petroleum");
    await page.waitForURL(/\/casework\/incidents\/inc-/);
    const text = (await page.textContent("main")) ?? "";
    expect(text).toContain("Corroboration");
    expect(text).toContain("Reviews");
    await page.screenshot({ path: join(tmpdir(), "cordon", "incident.png"), fullPage: true });
  });

  it("shows the demo's STS encounter and Nampo calls on the maritime page", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    // Maritime events are for members: the page sends a visitor to log in, then back.
    await visitAsDemoAnalyst(page, "/ui/maritime");
    expect(await page.locator("h1").textContent()).toBe("Maritime events");
    const text = (await page.textContent("main")) ?? "";
    expect(text).toContain("encounter");
    expect(text).toContain("NAMPO");
    await page.screenshot({ path: join(tmpdir(), "cordon", "maritime.png"), fullPage: true });
  });

  it("closes the server and the store on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
