import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { ProtoGrpcType } from '../generated/otp';

/** The same options `npm run proto:gen` passes to proto-loader-gen-types, so types match run time. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = Object.freeze({
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});

export const PROTO_FILE = 'agentmitra/otp/v1/otp.proto';

/** Finds the repository's `proto/` folder from wherever this module runs (sources, tests or dist bundle). */
function findProtoDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, PROTO_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find proto/${PROTO_FILE} above ${__dirname}`);
    dir = parent;
  }
}

export const PROTO_INCLUDE_DIR = findProtoDir();

/** The package definition of `agentmitra.otp.v1` (what server reflection serves). */
export function loadOtpPackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(PROTO_FILE, { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_INCLUDE_DIR] });
}

/** Loads `agentmitra.otp.v1` with the committed, generated types. */
export function loadOtpProto(definition = loadOtpPackageDefinition()): ProtoGrpcType {
  return loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}
