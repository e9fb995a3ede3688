// Type-level tests: the example requests, written out as TypeScript literals, compile against the
// generated types (as a web application imports them: through the package's name and exports, with
// Node's and with a bundler's module resolution); the requests of test/types/wrong.ts do not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, test } from "node:test";
import { PACKAGE, copy, envelopeRequests, referenceMissing, referenceOutput, runnerRequests } from "./examples.mjs";

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const WORK = join(PACKAGE, "build/type-tests");

const RESOLUTIONS = {
  node: { module: "NodeNext", moduleResolution: "NodeNext" },
  bundler: { module: "ESNext", moduleResolution: "Bundler" },
};

const IMPORTS =
  'import type { RunRequest, RunRequestEnvelope, StandardModelInput, StandardModelOutput, RunnerApi } from "@model-runner/schemas";\n' +
  'type ApiRunRequest = RunnerApi.components["schemas"]["RunRequest"];\n';

/** Writes a TypeScript project of `files` (name → source) with the given resolution; returns its directory. */
function project(name, files, resolution) {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const compilerOptions = {
    ...RESOLUTIONS[resolution],
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    noUnusedLocals: false,
    resolveJsonModule: true,
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }, null, 2));
  for (const [file, source] of Object.entries(files)) {
    writeFileSync(join(dir, file), source);
  }
  return dir;
}

function typeCheck(dir) {
  const result = spawnSync(process.execPath, [TSC, "-p", dir], { cwd: PACKAGE, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function literal(value) {
  return JSON.stringify(value, null, 2);
}

function fileName(name) {
  return name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") + ".ts";
}

/** One file per example: its literal typed by the JSON Schema types and by the OpenAPI types. */
function exampleFiles() {
  const files = {};
  for (const { name, value } of runnerRequests()) {
    files[fileName(name)] =
      `${IMPORTS}// ${name}\n` +
      `export const request: RunRequest = ${literal(value)};\n` +
      `export const envelope: RunRequestEnvelope = ${literal(value)};\n` +
      `export const posted: ApiRunRequest = ${literal(value)};\n` +
      `export const input: StandardModelInput = ${literal(value.configuration)};\n`;
  }
  for (const { name, value } of envelopeRequests()) {
    files[fileName(name)] =
      `${IMPORTS}// ${name}\n` +
      `export const envelope: RunRequestEnvelope = ${literal(value)};\n` +
      `export const posted: ApiRunRequest = ${literal(value)};\n`;
  }
  const output = referenceOutput();
  if (output !== undefined) {
    files[fileName(output.name)] = `${IMPORTS}// ${output.name}\nexport const output: StandardModelOutput = ${literal(output.value)};\n`;
  }
  return files;
}

describe("the generated types", () => {
  for (const resolution of Object.keys(RESOLUTIONS)) {
    test(`accept the example requests and refuse the wrong ones (${resolution} module resolution)`, (t) => {
      if (referenceMissing) {
        t.diagnostic(referenceMissing);
      }
      const files = exampleFiles();
      assert.ok(Object.keys(files).length >= 2, "examples/request.json and examples/energy-request.json");
      const dir = project(`examples-${resolution}`, files, resolution);
      copyFileSync(join(PACKAGE, "test/types/wrong.ts"), join(dir, "wrong.ts"));
      const { status, output } = typeCheck(dir);
      assert.equal(status, 0, `tsc -p ${dir} failed:\n${output}`);
    });
  }

  test("type check fails on a wrong request and on a @ts-expect-error that expects nothing", () => {
    const example = runnerRequests()[0].value;
    const broken = copy(example);
    delete broken.configuration.region;
    const dir = project(
      "must-fail",
      {
        "missing-region.ts": `${IMPORTS}export const request: RunRequest = ${literal(broken)};\n`,
        "unused-expectation.ts": `${IMPORTS}// @ts-expect-error nothing is wrong here\nexport const request: RunRequest = ${literal(example)};\n`,
      },
      "node",
    );
    const { status, output } = typeCheck(dir);
    assert.notEqual(status, 0, "tsc must fail");
    assert.match(output, /missing-region\.ts\(\d+,\d+\): error TS2741: Property 'region' is missing/);
    assert.match(output, /unused-expectation\.ts\(\d+,\d+\): error TS2578: Unused '@ts-expect-error' directive/);
  });
});

describe("the README", () => {
  test("has TypeScript examples that compile against the package", () => {
    const readme = readFileSync(join(PACKAGE, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    assert.ok(blocks.length >= 4, `the README's ts blocks: ${blocks.length}`);
    const files = Object.fromEntries(blocks.map((source, i) => [`readme-${i + 1}.ts`, `${source}export {};\n`]));
    for (const resolution of Object.keys(RESOLUTIONS)) {
      const { status, output } = typeCheck(project(`readme-${resolution}`, files, resolution));
      assert.equal(status, 0, `the README's examples (${resolution} resolution) do not compile:\n${output}`);
    }
  });
});
