// axe-core over every kind of page of the built site, in the light and the dark colour
// scheme, in Debian's Chromium driven by playwright-core; then screenshots of the home, a
// role and a salary page at 390 and 1440 CSS px wide, light and dark, for review.
//
//   node .ci/axe.mjs <output folder> <screenshot folder>
//
// Exits 1 if axe finds any violation of WCAG 2.1 A or AA or of axe's best practices.
// NODE_PATH must name the folder holding playwright-core and axe-core (.ci/run installs
// them).
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, readdirSync, mkdirSync } from "node:fs";
import { join, extname, normalize } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.NODE_PATH || ".", "x.js"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [root, shots] = process.argv.slice(2);
if (!root || !shots) {
  console.error("usage: node .ci/axe.mjs <output folder> <screenshot folder>");
  process.exit(2);
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".txt": "text/plain",
};
// A static server for the folder, as a host would serve it: `/a/` is `/a/index.html`, and
// a missing page gets 404.html with status 404.
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(normalize(root))) { res.writeHead(400); return res.end(); }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    res.writeHead(404, { "content-type": types[".html"] });
    return res.end(readFileSync(join(root, "404.html")));
  }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const first = (dir) => {
  const found = readdirSync(join(root, dir), { withFileTypes: true }).find((e) => e.isDirectory());
  if (!found) throw new Error(`no page in ${dir}`);
  return `/${dir}/${found.name}/`;
};
// A role with salary pages, and the first of them.
const role = readdirSync(join(root, "roles"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, "roles", e.name, "salary")))
  .map((e) => `/roles/${e.name}/`)[0];
if (!role) throw new Error("no role with salary pages");
const salary = `${role}salary/${readdirSync(join(root, role, "salary"))[0]}/`;
// The full list of a role's cities, on a site with a role paid in more than 25.
const roleCities = readdirSync(join(root, "roles"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, "roles", e.name, "cities")))
  .map((e) => `/roles/${e.name}/cities/`)[0];
const pages = {
  home: "/", roles: "/roles/", role, salary, cities: "/cities/", city: first("cities"),
  skills: "/skills/", skill: first("skills"), courses: "/courses/", course: first("courses"),
  guides: "/guides/", guide: first("guides"), faq: "/faq/",
  // A word of a role's address: the search finds at least that role.
  search: `/search/?q=${role.split("/")[2].split("-")[0]}`,
  "404": "/no-such-page/",
};
if (roleCities) pages["role-cities"] = roleCities;
// A city with a chart (one with a single role has none), for the checks of charts below.
const chartCity = readdirSync(join(root, "cities"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => `/cities/${e.name}/`)
  .find((url) => /class=("chart"|chart[ >])/.test(readFileSync(join(root, url, "index.html"), "utf8")));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
let violations = 0;
for (const scheme of ["light", "dark"]) {
  const context = await browser.newContext({ colorScheme: scheme });
  const page = await context.newPage();
  for (const [kind, url] of Object.entries(pages)) {
    await page.goto(base + url, { waitUntil: "networkidle" });
    if (kind === "search") await page.waitForSelector("#search-results li");
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: {
          type: "tag",
          values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
        resultTypes: ["violations"],
      }),
    );
    for (const v of result.violations) {
      violations += 1;
      console.log(`${scheme} ${kind} ${url}: ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`);
    }
    console.log(`${scheme} ${kind} ${url}: ${result.violations.length} violations, ${result.passes?.length ?? "-"} checks passed`);
  }
  await context.close();
}

// Charts stay legible on a phone, 360 px wide, on a role, a salary and a city page: every
// text of every chart is drawn at least 12 CSS px tall (the drawn height of its glyphs'
// box, so an SVG scaled down by a viewBox would fail here even with a 12px font in its
// stylesheet), and no label runs into its amount, however long the name (each bar is a
// `<g>` of the svg; the whiskers of a range are a `<g>` inside it).
let small = 0;
let overlapping = 0;
{
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const charted = { role: pages.role, salary: pages.salary };
  if (chartCity) charted.city = chartCity;
  for (const [kind, url] of Object.entries(charted)) {
    await page.goto(base + url, { waitUntil: "networkidle" });
    const heights = await page.$$eval(".chart svg text", (texts) =>
      texts.map((t) => [t.textContent, t.getBoundingClientRect().height]),
    );
    const least = Math.min(...heights.map(([, h]) => h));
    console.log(`charts at 360 px, ${kind} ${url}: ${heights.length} texts, the smallest ${least.toFixed(1)} px tall`);
    if (heights.length === 0) { console.log(`    no chart on ${url}`); small += 1; }
    for (const [text, h] of heights) if (h < 12) { console.log(`    "${text}" is ${h.toFixed(1)} px`); small += 1; }
    const rows = await page.$$eval(".chart svg > g", (groups) =>
      groups.map((g) => {
        const label = g.querySelector(".chart-label").getBoundingClientRect();
        const value = g.querySelector(".chart-value").getBoundingClientRect();
        // The label as drawn: its first text, without the `<title>` that holds the whole.
        return [g.querySelector(".chart-label").firstChild.textContent, label.right, value.left];
      }),
    );
    for (const [text, right, left] of rows) {
      if (right > left) {
        console.log(`    "${text}" ends at ${right.toFixed(1)} px, past its amount at ${left.toFixed(1)} px`);
        overlapping += 1;
      }
    }
  }
  await context.close();
}

mkdirSync(shots, { recursive: true });
for (const scheme of ["light", "dark"]) {
  for (const width of [390, 1440]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const kind of ["home", "role", "salary"]) {
      await page.goto(base + pages[kind], { waitUntil: "networkidle" });
      const file = join(shots, `${kind}-${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
    }
    await context.close();
  }
}
console.log(`screenshots: ${shots} (home, role, salary at 390 and 1440 px, light and dark)`);
await browser.close();
server.close();
if (small > 0) {
  console.error(`charts: ${small} texts under 12 px at 360 px wide (or a chart missing)`);
  process.exit(1);
}
if (overlapping > 0) {
  console.error(`charts: ${overlapping} labels run into their amounts at 360 px wide`);
  process.exit(1);
}
if (violations > 0) {
  console.error(`axe-core: ${violations} violations of WCAG 2.1 A/AA or best practices`);
  process.exit(1);
}
console.log(`axe-core: no violation of WCAG 2.1 A/AA or best practices on ${Object.keys(pages).length} page kinds, light and dark`);
