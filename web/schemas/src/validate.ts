import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import type { FormatsPlugin } from "ajv-formats";
import type { SchemaDocument } from "./documents-type.js";
import { documents, type SchemaName } from "./generated/documents.js";

/** One reason a value does not match a schema. */
export interface ValidationError {
  /**
   * RFC 6901 JSON pointer of the offending value ("" for the whole value). For a missing required
   * property or a property that is not allowed, it points at that property, as the service does:
   * `/configuration/region`.
   */
  readonly pointer: string;
  /** What is wrong, for a person, e.g. `is required`. */
  readonly message: string;
  /** The JSON Schema keyword that failed, e.g. `required`, `type`, `enum`. */
  readonly keyword: string;
}

/** The verdict on one value: `valid` exactly when `errors` is empty. */
export interface ValidationResult {
  readonly valid: boolean;
  /** Sorted by pointer, then message; one entry per distinct (pointer, message). */
  readonly errors: readonly ValidationError[];
}

/** Thrown when a schema is asked for by a name, file name or `$id` the validator does not know. */
export class UnknownSchemaError extends Error {
  constructor(
    readonly schema: string,
    known: readonly string[],
  ) {
    super(`no schema ${JSON.stringify(schema)}; try one of ${known.join(", ")} (or its $id)`);
    this.name = "UnknownSchemaError";
  }
}

// ajv-formats is CommonJS: its default import is the plugin or a namespace holding it, depending
// on the bundler's interop.
const addFormats: FormatsPlugin =
  (ajvFormats as unknown as { default?: FormatsPlugin }).default ?? (ajvFormats as unknown as FormatsPlugin);

/**
 * Validates values against the model-runner JSON Schemas (draft-07, as the service does), and
 * against further documents given to the constructor, e.g. a catalog model's input schema from
 * `GET /api/schemas/models/{slug}/input`. Each schema is compiled once, on first use.
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly ids: ReadonlyMap<string, string>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(extra: readonly SchemaDocument[] = []) {
    this.ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(this.ajv);
    const ids = new Map<string, string>();
    for (const [name, document] of Object.entries(documents)) {
      this.ajv.addSchema(document as object);
      ids.set(name, document.$id);
      ids.set(`${name}.schema.json`, document.$id);
      ids.set(document.$id, document.$id);
    }
    for (const document of extra) {
      if (typeof document.$id !== "string" || document.$id === "") {
        throw new TypeError("a schema document given to SchemaValidator needs an $id");
      }
      this.ajv.addSchema(document as object);
      ids.set(document.$id, document.$id);
    }
    this.ids = ids;
  }

  /**
   * Checks `value` against a schema named by its short name (`runner`), file name
   * (`runner.schema.json`) or `$id`.
   *
   * @throws UnknownSchemaError when no such schema is known
   */
  validate(schema: SchemaName | (string & {}), value: unknown): ValidationResult {
    const check = this.compile(schema);
    if (check(value)) {
      return { valid: true, errors: [] };
    }
    const errors = distinct((check.errors ?? []).map(translate)).sort(
      (a, b) => compare(a.pointer, b.pointer) || compare(a.message, b.message),
    );
    return { valid: false, errors };
  }

  private compile(schema: string): ValidateFunction {
    const id = this.ids.get(schema);
    if (id === undefined) {
      throw new UnknownSchemaError(schema, Object.keys(documents));
    }
    let check = this.compiled.get(id);
    if (check === undefined) {
      check = this.ajv.getSchema(id);
      if (check === undefined) {
        throw new UnknownSchemaError(schema, Object.keys(documents));
      }
      this.compiled.set(id, check);
    }
    return check;
  }
}

let shared: SchemaValidator | undefined;

/**
 * Checks `value` against a built-in schema named by its short name (`runner`, `request`, `input`,
 * `output`), file name or `$id`, with one validator shared by all callers.
 *
 * @throws UnknownSchemaError when no such schema is known
 */
export function validate(schema: SchemaName | (string & {}), value: unknown): ValidationResult {
  shared ??= new SchemaValidator();
  return shared.validate(schema, value);
}

// The messages are the service's (api's ErrorTranslator), so a form shows what a 422 would say.
function translate(error: ErrorObject): ValidationError {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const keyword = error.keyword;
  switch (keyword) {
    case "required":
      return { pointer: `${at}/${escape(String(params.missingProperty))}`, message: "is required", keyword };
    case "additionalProperties":
      return {
        pointer: `${at}/${escape(String(params.additionalProperty))}`,
        message: "is not allowed here (unknown property)",
        keyword,
      };
    case "type": {
      const expected = Array.isArray(error.schema) ? error.schema : [error.schema];
      return {
        pointer: at,
        message: `must be ${expected.map((t) => article(String(t))).join(" or ")}, not ${typeOf(error.data)}`,
        keyword,
      };
    }
    case "enum":
      if (Array.isArray(error.schema)) {
        const values = error.schema.map((v) => JSON.stringify(v)).join(", ");
        return { pointer: at, message: `must be one of [${values}], not ${JSON.stringify(error.data)}`, keyword };
      }
      break;
    case "minItems":
    case "maxItems":
      if (Array.isArray(error.data) && typeof error.schema === "number") {
        const bound = keyword === "minItems" ? "at least" : "at most";
        const items = error.schema === 1 ? "item" : "items";
        return { pointer: at, message: `must have ${bound} ${error.schema} ${items}, has ${error.data.length}`, keyword };
      }
      break;
    default:
      break;
  }
  return { pointer: at, message: error.message ?? "is invalid", keyword };
}

function article(type: string): string {
  switch (type) {
    case "null":
      return "null";
    case "array":
    case "integer":
    case "object":
      return `an ${type}`;
    default:
      return `a ${type}`;
  }
}

function typeOf(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "number") {
    return Number.isInteger(value) ? "an integer" : "a number";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function escape(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function distinct(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.pointer}\u0000${e.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
