import grpc from '@grpc/grpc-js';
import type { LogSignalGateway } from './gateway.js';
import { GatewayUnavailable } from './gateway.js';
import { decodeProtobufRequest, encodeResponse, RequestDecodeError } from './otlp-request.js';

/** A running OTLP/gRPC logs receiver. */
export interface GrpcReceiver {
  /** `HOST:PORT` it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

const EXPORT_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const bytes = (b: Buffer) => b;

/**
 * OTLP/gRPC on a second port, for senders that speak only gRPC, such as the Collector's
 * `loadbalancing` exporter (its `protocol.otlp` is the gRPC OTLP exporter). `LogsService/Export`
 * goes to the same {@link LogSignalGateway.ingest} as `POST /v1/logs`: gzip (grpc-js decompresses),
 * RESOURCE_EXHAUSTED over `maxMessageSize` (also once decompressed), INVALID_ARGUMENT for a message
 * that does not decode, UNAVAILABLE when the export queue is full or the gateway is stopping (the
 * Collector retries it), `partial_success` for rejected records. The message is decoded with the
 * same protobufjs codec; grpc-js only frames it.
 */
export async function startGrpcReceiver(gateway: LogSignalGateway, host: string, port: number, maxMessageSize: number): Promise<GrpcReceiver> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxMessageSize });
  const definition: grpc.ServiceDefinition = {
    Export: { path: EXPORT_PATH, requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes },
  };
  server.addService(definition, {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      try {
        const request = decodeProtobufRequest(call.request);
        gateway.ingest(request);
        callback(null, encodeResponse('protobuf', request.rejected, request.rejection));
      } catch (err) {
        if (err instanceof RequestDecodeError) {
          gateway.countRefusal(400);
          callback({ code: grpc.status.INVALID_ARGUMENT, details: err.message });
        } else if (err instanceof GatewayUnavailable) {
          gateway.countRefusal(503);
          callback({ code: grpc.status.UNAVAILABLE, details: err.message });
        } else {
          gateway.countRefusal(500);
          callback({ code: grpc.status.INTERNAL, details: 'internal error' });
        }
      }
    },
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => {
      if (!err) return resolve(p);
      // grpc-js reports the system error inside its message: carry its code, as a net server would
      const code = /\b(EADDRINUSE|EACCES|EADDRNOTAVAIL)\b/.exec(err.message)?.[1];
      reject(Object.assign(new Error(`OTLP/gRPC cannot listen on port ${port}: ${err.message}`), code ? { code } : {}));
    });
  });
  return {
    address: `${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
