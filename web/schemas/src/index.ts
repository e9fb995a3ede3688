// The types of model-runner's wire formats, the schema documents and a validator.

// Types generated from the JSON Schemas (json-schema-to-typescript).
export type {
  RunRequest,
  ModelReference,
  ModelInput,
  ModelParameters,
  InterventionPeriod,
  Intensity,
} from "./generated/runner.js";
export type { RunRequestEnvelope } from "./generated/request.js";
export type { StandardModelInput } from "./generated/input.js";
export type { StandardModelOutput, SeverityMetrics } from "./generated/output.js";

// Types generated from docs/runner-api.openapi.yaml and docs/adapter-api.openapi.yaml
// (openapi-typescript): `paths`, `components`, `operations` of each API.
export type * as RunnerApi from "./generated/runner-api.js";
export type * as AdapterApi from "./generated/adapter-api.js";

// The schema documents (the same bytes as schemas/*.schema.json, and as GET /api/schemas/{name}).
export type { SchemaDocument } from "./documents-type.js";
export {
  documents,
  input as inputSchema,
  output as outputSchema,
  request as requestSchema,
  runner as runnerSchema,
  type SchemaName,
} from "./generated/documents.js";

export {
  SchemaValidator,
  UnknownSchemaError,
  validate,
  type ValidationError,
  type ValidationResult,
} from "./validate.js";
