import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { AnyValue, LogAttributes, LogBody, SeverityNumber } from '../otel/logs-api.js';
import type { ReadableLogRecord, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** The resource of received records, in the shape OTLP exporters read (`attributes`, `schemaUrl`). */
export interface GatewayResource {
  readonly attributes: Record<string, AnyValue>;
  readonly schemaUrl?: string;
  /** `service.name`, or `unknown_service` when the resource has none (the SDKs' default). */
  readonly serviceName: string;
}

/** The instrumentation scope of received records. */
export interface GatewayScope {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
  readonly attributes?: Record<string, AnyValue>;
  readonly droppedAttributesCount?: number;
}

/**
 * One received OTLP log record, kept as it came (time, severity, body, attributes, trace context,
 * event name, scope, resource) in the shape OTel exporters and logsignal's record reader both use
 * (`ReadWriteLogRecord`). Only `setAttribute` changes it: logsignal's attributes.
 */
export class GatewayLogRecord {
  hrTime: HrTime;
  hrTimeObserved: HrTime;
  spanContext: SpanContext | undefined;
  severityText: string | undefined;
  severityNumber: SeverityNumber | undefined;
  body: LogBody | undefined;
  eventName: string | undefined;
  readonly resource: GatewayResource;
  readonly instrumentationScope: GatewayScope;
  readonly attributes: LogAttributes;
  droppedAttributesCount: number;

  constructor(resource: GatewayResource, scope: GatewayScope, hrTime: HrTime, hrTimeObserved: HrTime, attributes: LogAttributes) {
    this.resource = resource;
    this.instrumentationScope = scope;
    this.hrTime = hrTime;
    this.hrTimeObserved = hrTimeObserved;
    this.attributes = attributes;
    this.spanContext = undefined;
    this.severityText = undefined;
    this.severityNumber = undefined;
    this.body = undefined;
    this.eventName = undefined;
    this.droppedAttributesCount = 0;
  }

  setAttribute(key: string, value?: LogAttributes[string]): this {
    if (value === undefined || value === null) delete this.attributes[key];
    else this.attributes[key] = value;
    return this;
  }
}

/** A received record as the SDK types see it (what exporters take, what the record reader reads). */
export function asSdkRecord(record: GatewayLogRecord): ReadWriteLogRecord & ReadableLogRecord {
  return record as unknown as ReadWriteLogRecord & ReadableLogRecord;
}
