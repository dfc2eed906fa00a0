// A Playwright driver for Java tests: reads one JSON command per line on stdin, answers one JSON line on stdout
// ({ok:true, value} or {ok:false, error}). Drives the Chromium given in CHROMIUM (Debian's package) headless;
// playwright-core downloads no browser. Every page's console errors and uncaught exceptions are kept and returned
// by the `problems` command.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--mute-audio'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const pages = new Map();
const problems = [];

async function page(name) {
  if (!pages.has(name)) {
    const p = await context.newPage();
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: console: ${m.text()}`); });
    p.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    pages.set(name, p);
  }
  return pages.get(name);
}

const ops = {
  open: async (c) => { const p = await page(c.page); await p.goto(c.url, { waitUntil: 'load' }); return p.url(); },
  click: async (c) => { await (await page(c.page)).locator(c.selector).first().click({ timeout: c.timeout || 10000 }); },
  fill: async (c) => { await (await page(c.page)).locator(c.selector).first().fill(c.value, { timeout: c.timeout || 10000 }); },
  check: async (c) => { await (await page(c.page)).locator(c.selector).first().setChecked(c.value !== false, { timeout: c.timeout || 10000 }); },
  waitFor: async (c) => { await (await page(c.page)).locator(c.selector).first().waitFor({ state: c.state || 'attached', timeout: c.timeout || 20000 }); },
  waitText: async (c) => {
    const loc = (await page(c.page)).locator(c.selector).filter({ hasText: new RegExp(c.pattern) }).first();
    await loc.waitFor({ state: 'attached', timeout: c.timeout || 20000 });
    return loc.textContent();
  },
  waitCount: async (c) => {
    const p = await page(c.page);
    await p.waitForFunction(([s, n]) => document.querySelectorAll(s).length >= n, [c.selector, c.count], { timeout: c.timeout || 20000 });
    return p.locator(c.selector).count();
  },
  text: async (c) => (await page(c.page)).locator(c.selector).first().textContent({ timeout: c.timeout || 10000 }),
  texts: async (c) => (await page(c.page)).locator(c.selector).allTextContents(),
  attrs: async (c) => (await page(c.page)).locator(c.selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), c.attr),
  eval: async (c) => (await page(c.page)).evaluate(c.expr),
  screenshot: async (c) => { await (await page(c.page)).screenshot({ path: c.path, fullPage: !!c.fullPage }); return c.path; },
  problems: async () => problems.splice(0, problems.length),
  close: async () => { await browser.close(); process.exit(0); },
};

process.stdout.write(JSON.stringify({ ok: true, value: browser.version() }) + '\n');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const c = JSON.parse(line);
    const value = await ops[c.op](c);
    answer = { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    answer = { ok: false, error: String(e && e.message || e).split('\n').slice(0, 6).join('\n') };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
await browser.close();
