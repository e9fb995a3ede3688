// The example documents the tests check the package against: the repository's own examples, and
// the web application's reference examples (MIT) beside the repository when they are there.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = resolve(PACKAGE, "../..");

/** The reference directory: MODEL_RUNNER_REFERENCE_DIR (Maven passes reference.dir), else ../shared/reference beside the repository. */
export const REFERENCE_DIR =
  process.env.MODEL_RUNNER_REFERENCE_DIR || resolve(REPO, "../shared/reference/covid-modeling-api");

export const referenceMissing = existsSync(REFERENCE_DIR)
  ? false
  : `the reference examples are not at ${REFERENCE_DIR} (set MODEL_RUNNER_REFERENCE_DIR or check out shared/ beside the repository): skipped`;

function read(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Run requests of the standard (epidemic) input: valid against `runner`. */
export function runnerRequests() {
  const own = [{ name: "examples/request.json", value: read(join(REPO, "examples/request.json")) }];
  if (referenceMissing) {
    return own;
  }
  const reference = readdirSync(REFERENCE_DIR)
    .filter((f) => /^test-job-.*\.json$/.test(f))
    .sort()
    .map((f) => ({ name: `reference/${f}`, value: read(join(REFERENCE_DIR, f)) }));
  return [...own, ...reference];
}

/** Run requests of another domain: valid against the `request` envelope only. */
export function envelopeRequests() {
  return [{ name: "examples/energy-request.json", value: read(join(REPO, "examples/energy-request.json")) }];
}

/** The reference model output, or undefined without the reference directory. */
export function referenceOutput() {
  return referenceMissing ? undefined : { name: "reference/valid-output.json", value: read(join(REFERENCE_DIR, "valid-output.json")) };
}

export function copy(value) {
  return structuredClone(value);
}

export function readJson(path) {
  return read(path);
}
