import protobuf from 'protobufjs';

/**
 * The OTLP logs messages of the official `opentelemetry-proto` definitions (v1, stable; Apache-2.0,
 * Copyright The OpenTelemetry Authors), restricted to what `POST /v1/logs` carries: the request, its
 * resource / scope / record messages, the response with `partial_success`, and `google.rpc.Status`
 * for error bodies. Names and field numbers are those of the upstream `.proto` files
 * (`opentelemetry/proto/{common,resource,logs,collector/logs}/v1/*.proto`); comments are dropped.
 * protobufjs parses this text once and generates the codec; nothing here encodes by hand.
 */
const OTLP_LOGS_PROTO = `
syntax = "proto3";
package opentelemetry.proto.common.v1;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message EntityRef {
  string schema_url = 1;
  string type = 2;
  repeated string id_keys = 3;
  repeated string description_keys = 4;
}
`;

const RESOURCE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.resource.v1;
message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
  repeated opentelemetry.proto.common.v1.EntityRef entity_refs = 3;
}
`;

const LOGS_PROTO = `
syntax = "proto3";
package opentelemetry.proto.logs.v1;
message LogsData { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  reserved 1000;
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
  string schema_url = 3;
}
message ScopeLogs {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated LogRecord log_records = 2;
  string schema_url = 3;
}
message LogRecord {
  reserved 4;
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  opentelemetry.proto.common.v1.AnyValue body = 5;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
`;

const COLLECTOR_PROTO = `
syntax = "proto3";
package opentelemetry.proto.collector.logs.v1;
message ExportLogsServiceRequest { repeated opentelemetry.proto.logs.v1.ResourceLogs resource_logs = 1; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess {
  int64 rejected_log_records = 1;
  string error_message = 2;
}
`;

// google/rpc/status.proto (Apache-2.0, Google LLC): the body of OTLP/HTTP error responses.
const STATUS_PROTO = `
syntax = "proto3";
package google.rpc;
message Status {
  int32 code = 1;
  string message = 2;
}
`;

// severity_number is the SeverityNumber enum upstream; an enum and an int32 share the wire format, and
// the int32 keeps values outside the enum as they came.
const root = new protobuf.Root();
for (const text of [OTLP_LOGS_PROTO, RESOURCE_PROTO, LOGS_PROTO, COLLECTOR_PROTO, STATUS_PROTO]) protobuf.parse(text, root, { keepCase: false });
root.resolveAll();

/** `opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest`. */
export const ExportLogsServiceRequest = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
/** `opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse`. */
export const ExportLogsServiceResponse = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
/** `google.rpc.Status`. */
export const RpcStatus = root.lookupType('google.rpc.Status');
