/**
 * Baseline for the gRPC scenario: a bare grpc-js server for the same `agentmitra.otp.v1.OtpService`
 * proto (same loader options as otp-service), answering SendOtp at once with a fixed mock-shaped
 * response. Prints `{"msg":"listening","port":N}` like the apps; stops on SIGTERM.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceHandlers } from '@agent-mitra/contract';

const handlers: OtpServiceHandlers = {
  SendOtp: (call, callback) => {
    const to = call.request.to_phone;
    callback(null, {
      request_id: '00000000-0000-4000-8000-000000000000',
      provider: 'mock',
      message_id: `mock_${to}_0`,
      status: 'sent',
      to,
      channel: call.request.channel,
      mock: true,
      otp_sent: '123456',
      message: 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
      expires_at_unix_ms: Date.now() + 300_000,
      resend_after_seconds: 0,
    });
  },
  VerifyOtp: (_call, callback) => callback(null, { verified: true, result: 'VERIFY_RESULT_APPROVED' }),
  GetDeliveryStatus: (_call, callback) => callback(null, { status: 'sent' }),
};

const server = new Server();
server.addService(loadOtpProto().agentmitra.otp.v1.OtpService.service, handlers);

const host = process.env['HOST'] ?? '127.0.0.1';
server.bindAsync(`${host}:${process.env['PORT'] ?? 0}`, ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`grpc-baseline: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ name: 'grpc-baseline', msg: 'listening', port })}\n`);
});
process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
