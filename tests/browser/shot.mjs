import { chromium } from "playwright-core";
const [base, out, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [w, h] of [[1280, 900], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  for (const p of pages) {
    const [path, sel] = p.split("@");
    await page.goto(base + path);
    if (sel) { await page.locator(sel).first().scrollIntoViewIfNeeded(); }
    const name = `${out}/${path.replace(/[\/#]/g, "_")}-${w}.png`;
    if (sel) await page.locator(sel).first().screenshot({ path: name });
    else await page.screenshot({ path: name, fullPage: false });
    console.log(name);
  }
  await page.close();
}
await browser.close();
