/** A JSON Schema document as shipped: draft-07, with the `$id` the service serves it under. */
export interface SchemaDocument {
  readonly $schema: string;
  readonly $id: string;
  readonly title?: string;
  readonly description?: string;
  readonly [keyword: string]: unknown;
}
