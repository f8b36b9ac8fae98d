import request from 'supertest';

/** The parts of an OpenAPI 3 document the security suites read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface OpenApiOperationObject {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  security?: unknown[];
}

/** A JSON Schema as @nestjs/swagger writes it (refs resolved with `resolveSchema`). */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
}

export interface Operation {
  /** `METHOD /api/path/{param}`, the key of the expectation tables. */
  key: string;
  method: string;
  path: string;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  /** The JSON request body's schema (refs resolved), or null when the operation takes no body. */
  bodySchema: SchemaObject | null;
  /** Documented as needing a bearer token. */
  secured: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export async function fetchOpenApi(apiUrl: string): Promise<OpenApiDocument> {
  const response = await request(apiUrl).get('/api/docs-json');
  if (response.status !== 200) throw new Error(`GET /api/docs-json answered ${response.status}`);
  return response.body as OpenApiDocument;
}

export function resolveSchema(document: OpenApiDocument, schema: SchemaObject | undefined, depth = 0): SchemaObject {
  if (!schema) return {};
  if (depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`OpenAPI: unresolved ${schema.$ref}`);
    return resolveSchema(document, target, depth + 1);
  }
  const resolved: SchemaObject = { ...schema };
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolveSchema(document, part, depth + 1));
    delete resolved.allOf;
    for (const part of parts) {
      Object.assign(resolved, { ...part, ...resolved });
      resolved.properties = { ...part.properties, ...resolved.properties };
      resolved.required = [...(part.required ?? []), ...(resolved.required ?? [])];
    }
  }
  if (schema.items) resolved.items = resolveSchema(document, schema.items, depth + 1);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, resolveSchema(document, property, depth + 1)]),
    );
  }
  return resolved;
}

/** Every operation the live document describes. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => {
        const parameters = operation.parameters ?? [];
        const json = operation.requestBody?.content?.['application/json']?.schema;
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((parameter) => parameter.in === 'path'),
          queryParams: parameters
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => ({ ...parameter, schema: resolveSchema(document, parameter.schema) })),
          bodySchema: json ? resolveSchema(document, json) : null,
          secured: (operation.security ?? []).length > 0,
        };
      }),
  );
}

/** The path with its `{name}` placeholders replaced by the given values, percent-encoded unless `raw`. */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter {${name}} of ${path}`);
    return raw ? value : encodeURIComponent(value);
  });
}
