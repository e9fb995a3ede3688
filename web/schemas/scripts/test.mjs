// npm test: runs test/*.test.mjs with node --test, the files named one by one (Node 20 takes a
// directory, Node 22 takes globs; both take files). Arguments are passed on to node --test.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const files = readdirSync(join(PACKAGE, "test"))
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => join("test", f));
if (files.length === 0) {
  console.error("test: no test/*.test.mjs");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", ...process.argv.slice(2), ...files], {
  cwd: PACKAGE,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
