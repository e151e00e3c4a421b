// Runs axe-core on local HTML files in Debian's chromium (playwright-core) and prints the violations as JSON:
// node axe_check.js <chromium> <file.html>... → [{file, id, impact, help, nodes: [selector...]}, ...]
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

(async () => {
  const [executablePath, ...files] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  const found = [];
  try {
    for (const file of files) {
      const page = await browser.newPage();
      await page.goto("file://" + path.resolve(file));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => await window.axe.run(document));
      for (const violation of result.violations) {
        found.push({ file, id: violation.id, impact: violation.impact, help: violation.help,
                     nodes: violation.nodes.map((node) => node.target.join(" ")) });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found));
})().catch((error) => { process.stderr.write(String(error.stack || error)); process.exit(2); });
