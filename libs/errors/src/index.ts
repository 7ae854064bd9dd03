export { ERROR_REGISTRY, GrpcStatus, type ErrorCode, type ErrorDefinition } from './lib/registry';
export { OtpError, isOtpError, toOtpError } from './lib/otp-error';
