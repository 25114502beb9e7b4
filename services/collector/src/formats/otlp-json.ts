import { z } from 'zod';

/*
 * The OTLP/JSON shapes of `TracesData` and `LogsData`
 * (opentelemetry-proto `opentelemetry/proto/{trace,logs,common}/v1/*.proto`,
 * JSON as the OTLP specification encodes it: lowerCamelCase keys, trace and span
 * ids as hex, 64-bit integers as decimal strings, enums as integers). Only what
 * Vigil reads is declared; a log record's body is never read.
 */

const AnyValue = z.looseObject({
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: z.union([z.string().regex(/^-?\d+$/), z.number().int()]).optional(),
  doubleValue: z.union([z.number(), z.string()]).optional(),
});
const Attributes = z.array(z.object({ key: z.string(), value: AnyValue.optional() })).optional();
export type OtlpAttributes = z.infer<typeof Attributes>;

const unixNano = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional();
const hexId = z
  .string()
  .regex(/^[0-9a-fA-F]*$/, 'must be hex')
  .optional();
const Resource = z.object({ attributes: Attributes }).optional();

export const OtlpSpan = z.object({
  traceId: hexId,
  spanId: hexId,
  kind: z.number().int().optional(),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes: Attributes,
  status: z.object({ code: z.number().int().optional() }).optional(),
});
export type OtlpSpan = z.infer<typeof OtlpSpan>;

export const OtlpLogRecord = z.object({
  timeUnixNano: unixNano,
  observedTimeUnixNano: unixNano,
  severityNumber: z.number().int().optional(),
  attributes: Attributes,
  traceId: hexId,
  spanId: hexId,
});
export type OtlpLogRecord = z.infer<typeof OtlpLogRecord>;

/**
 * `TracesData` and `LogsData` share one layout: resources, each with scopes,
 * each with records. `keys` names the three levels of one signal.
 */
function otlpData<RK extends string, SK extends string, K extends string, T extends z.ZodType>(
  keys: [resources: RK, scopes: SK, records: K],
  record: T,
) {
  const [resources, scopes, records] = keys;
  const scope = z.object({ [records]: z.array(record).optional() } as Record<
    K,
    z.ZodOptional<z.ZodArray<T>>
  >);
  const resource = z.object({ resource: Resource, [scopes]: z.array(scope).optional() } as {
    resource: typeof Resource;
  } & Record<SK, z.ZodOptional<z.ZodArray<typeof scope>>>);
  return z.object({ [resources]: z.array(resource) } as Record<RK, z.ZodArray<typeof resource>>);
}

export const OtlpTracesData = otlpData(['resourceSpans', 'scopeSpans', 'spans'], OtlpSpan);
export type OtlpTracesData = z.infer<typeof OtlpTracesData>;

export const OtlpLogsData = otlpData(['resourceLogs', 'scopeLogs', 'logRecords'], OtlpLogRecord);
export type OtlpLogsData = z.infer<typeof OtlpLogsData>;
