import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SchemaValidator, UnknownSchemaError, documents, validate } from "@model-runner/schemas";
import {
  PACKAGE,
  REPO,
  copy,
  envelopeRequests,
  readJson,
  referenceMissing,
  referenceOutput,
  runnerRequests,
} from "./examples.mjs";

const SCHEMA_HOME = join(REPO, "api/src/main/resources/model-runner/schemas");

function errorsOf(result) {
  return result.errors.map((e) => `${e.pointer}: ${e.message}`);
}

describe("the shipped schema documents", () => {
  test("are the api module's schema files, byte for byte, one per file", () => {
    const home = readdirSync(SCHEMA_HOME).filter((f) => f.endsWith(".schema.json")).sort();
    const shipped = readdirSync(join(PACKAGE, "schemas")).sort();
    assert.deepEqual(shipped, home);
    for (const file of home) {
      assert.equal(
        readFileSync(join(PACKAGE, "schemas", file), "utf8"),
        readFileSync(join(SCHEMA_HOME, file), "utf8"),
        `schemas/${file}`,
      );
    }
  });

  test("are exported as documents with the $id the service serves them under", () => {
    assert.deepEqual(Object.keys(documents).sort(), ["input", "output", "request", "runner"]);
    for (const [name, document] of Object.entries(documents)) {
      assert.deepEqual(document, readJson(join(SCHEMA_HOME, `${name}.schema.json`)));
      assert.equal(document.$id, `https://schemas.model-runner.io/v1/${name}.schema.json`);
    }
  });

  test("import as JSON through the package's exports", async () => {
    const { default: runner } = await import("@model-runner/schemas/schemas/runner.schema.json", {
      with: { type: "json" },
    });
    assert.equal(runner.$id, documents.runner.$id);
  });
});

describe("validate", () => {
  for (const { name, value } of runnerRequests()) {
    test(`accepts ${name} as a run request and as an envelope`, () => {
      assert.deepEqual(errorsOf(validate("runner", value)), []);
      assert.equal(validate("runner", value).valid, true);
      assert.equal(validate("request", value).valid, true);
      assert.equal(validate("input", value.configuration).valid, true);
    });
  }

  test("checks the reference model output against the output schema", (t) => {
    const output = referenceOutput();
    if (output === undefined) {
      t.skip(referenceMissing);
      return;
    }
    assert.deepEqual(errorsOf(validate("output", output.value)), []);
    const broken = copy(output.value);
    broken.time.extent = [0];
    assert.deepEqual(errorsOf(validate("output", broken)), ["/time/extent: must have at least 2 items, has 1"]);
  });

  test("reports the reference examples as skipped, not passed, when they are absent", (t) => {
    if (referenceMissing) {
      t.skip(referenceMissing);
      return;
    }
    assert.ok(runnerRequests().length >= 5, "examples/request.json and the reference test jobs");
  });

  for (const { name, value } of envelopeRequests()) {
    test(`accepts ${name} as an envelope, and its configuration against its model's own schema`, () => {
      assert.deepEqual(errorsOf(validate("request", value)), []);
      assert.deepEqual(errorsOf(validate("runner", value)).slice(0, 2), [
        "/configuration/demand: is not allowed here (unknown property)",
        "/configuration/generators: is not allowed here (unknown property)",
      ]);
      const energyInput = readJson(join(REPO, "adapter-example-energy-model/schemas/input.schema.json"));
      const validator = new SchemaValidator([energyInput]);
      assert.deepEqual(errorsOf(validator.validate(energyInput.$id, value.configuration)), []);
      const broken = copy(value.configuration);
      delete broken.demand;
      assert.deepEqual(errorsOf(validator.validate(energyInput.$id, broken)), ["/demand: is required"]);
    });
  }

  const example = runnerRequests()[0].value;

  test("points at a missing property", () => {
    const broken = copy(example);
    delete broken.configuration.region;
    assert.deepEqual(errorsOf(validate("runner", broken)), ["/configuration/region: is required"]);
  });

  test("points at a property that is not allowed", () => {
    const broken = copy(example);
    broken.configuration.parameters.interventionPeriods[1].curfew = "aggressive";
    assert.deepEqual(errorsOf(validate("runner", broken)), [
      "/configuration/parameters/interventionPeriods/1/curfew: is not allowed here (unknown property)",
    ]);
  });

  test("points at a value outside an enumeration", () => {
    const broken = copy(example);
    broken.configuration.parameters.interventionPeriods[0].socialDistancing = "extreme";
    const result = validate("runner", broken);
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors, [
      {
        pointer: "/configuration/parameters/interventionPeriods/0/socialDistancing",
        message: 'must be one of ["mild", "moderate", "aggressive"], not "extreme"',
        keyword: "enum",
      },
    ]);
  });

  test("points at a value of the wrong type, and reports every error", () => {
    const broken = copy(example);
    broken.id = true;
    broken.callbackURL = 42;
    broken.configuration.parameters.r0 = "2.5";
    assert.deepEqual(errorsOf(validate("runner", broken)), [
      "/callbackURL: must be a string or null, not an integer",
      "/configuration/parameters/r0: must be a number or null, not a string",
      "/id: must be a string or a number, not a boolean",
    ]);
  });

  test("escapes / and ~ in a property name of a pointer (RFC 6901)", () => {
    const broken = copy(example);
    broken["a/b~c"] = 1;
    assert.deepEqual(errorsOf(validate("request", broken)), ["/a~1b~0c: is not allowed here (unknown property)"]);
  });

  test("rejects a value that is not an object at the root", () => {
    assert.deepEqual(errorsOf(validate("runner", [])), [": must be an object, not an array"]);
  });

  test("finds a schema by short name, file name and $id", () => {
    const broken = copy(example);
    delete broken.models;
    for (const schema of ["runner", "runner.schema.json", documents.runner.$id]) {
      assert.deepEqual(errorsOf(validate(schema, broken)), ["/models: is required"], schema);
    }
  });

  test("refuses an unknown schema with the names it knows", () => {
    assert.throws(() => validate("runners", example), (e) => {
      assert.ok(e instanceof UnknownSchemaError);
      assert.match(e.message, /no schema "runners"; try one of input, output, request, runner/);
      return true;
    });
  });

  test("refuses an extra schema document without an $id", () => {
    assert.throws(() => new SchemaValidator([{ $schema: "http://json-schema.org/draft-07/schema#" }]), TypeError);
  });
});
