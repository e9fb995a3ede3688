import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { PACKAGE, REPO, readJson } from "./examples.mjs";

/** The root pom's own version (the one of model-runner-parent, which every module inherits). */
function mavenVersion() {
  const pom = readFileSync(join(REPO, "pom.xml"), "utf8");
  const own = pom.match(/<artifactId>model-runner-parent<\/artifactId>\s*<version>([^<]+)<\/version>/);
  assert.ok(own, "the root pom.xml names model-runner-parent followed by its <version>");
  return own[1].trim();
}

test("the package's version is the Maven version (scripts/set-version.sh changes both)", () => {
  const version = mavenVersion();
  assert.equal(readJson(join(PACKAGE, "package.json")).version, version, "package.json");
  const lock = readJson(join(PACKAGE, "package-lock.json"));
  assert.equal(lock.version, version, "package-lock.json");
  assert.equal(lock.packages[""].version, version, 'package-lock.json packages[""]');
});
