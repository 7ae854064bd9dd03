import { z } from 'zod';
import { ERROR_REGISTRY } from '@agent-mitra/errors';
import { auditData, auditQuery } from './admin-schemas';
import {
  deliveryData,
  errorEnvelope,
  externalSendBody,
  mobileSendBody,
  okEnvelope,
  requestData,
  sendData,
  verifyBody,
  verifyData,
} from './schemas';

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': {
    schema: z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }),
  },
});
const ok = (schema: z.ZodType, description: string) => ({
  description,
  content: json(okEnvelope(schema), 'output'),
});
const errors = (...codes: (keyof typeof ERROR_REGISTRY)[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(ERROR_REGISTRY[code].http),
      {
        description: codes.filter((c) => ERROR_REGISTRY[c].http === ERROR_REGISTRY[code].http).join(', '),
        content: json(errorEnvelope, 'output'),
      },
    ]),
  );
const body = (schema: z.ZodType) => ({ required: true, content: json(schema, 'input') });
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
};
const idPath = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const sendErrors = errors(
  'INVALID_PHONE',
  'UNAUTHENTICATED',
  'IDEMPOTENCY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'PROVIDER_REJECTED',
  'COUNTRY_NOT_ALLOWED',
  'CHANNEL_DISABLED',
  'RATE_LIMITED',
  'INTERNAL',
  'PROVIDER_UNAVAILABLE',
);
const apiKey = [{ apiKey: [] }, { bearer: [] }];

/** The optional string query parameters of an object schema, with their descriptions. */
function queryParameters(schema: z.ZodObject): object[] {
  const shape = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  const properties = (shape as { properties?: Record<string, { description?: string }> }).properties ?? {};
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: { type: 'string' },
    ...(property.description ? { description: property.description } : {}),
  }));
}

/** OpenAPI 3 document built from the same zod schemas that validate requests. */
export function buildOpenApi(): object {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Agent Mitra OTP gateway',
      version: '1.0.0',
      description: 'One-time codes by SMS and WhatsApp.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths: {
      '/api/v1/external/sms/otp': {
        post: {
          summary: 'Send a code by SMS (original backend route)',
          security: apiKey,
          parameters: [idempotencyKey],
          requestBody: body(externalSendBody),
          responses: { '200': ok(sendData, 'Sent'), ...sendErrors },
        },
      },
      '/api/v1/external/whatsapp/otp': {
        post: {
          summary: 'Send a code by WhatsApp (original backend route; query string or JSON body)',
          security: apiKey,
          parameters: [
            idempotencyKey,
            { name: 'to_phone', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'otp', in: 'query', required: false, schema: { type: 'string' } },
          ],
          requestBody: { ...body(externalSendBody), required: false },
          responses: { '200': ok(sendData, 'Sent'), ...sendErrors },
        },
      },
      '/api/v1/external/messages/{message_id}/status': {
        get: {
          summary: 'Delivery status of a message and its events',
          security: apiKey,
          parameters: [idPath('message_id')],
          responses: {
            '200': ok(deliveryData, 'Status'),
            ...errors('VALIDATION_ERROR', 'UNAUTHENTICATED', 'NOT_FOUND'),
          },
        },
      },
      '/api/v1/otp/send': {
        post: {
          summary: 'Send a generated code (mobile app)',
          parameters: [idempotencyKey],
          requestBody: body(mobileSendBody),
          responses: { '200': ok(sendData, 'Sent'), ...sendErrors },
        },
      },
      '/api/v1/otp/verify': {
        post: {
          summary: 'Verify a code (mobile app)',
          requestBody: body(verifyBody),
          responses: {
            '200': ok(verifyData, 'Verified'),
            ...errors('OTP_INVALID', 'OTP_NOT_FOUND', 'OTP_MAX_ATTEMPTS', 'RATE_LIMITED', 'INTERNAL'),
            // OTP_MAX_ATTEMPTS carries no Retry-After: only a new send helps. RATE_LIMITED (the verify
            // failure budgets) does.
          },
        },
      },
      '/api/v1/otp/requests/{request_id}': {
        get: {
          summary: 'State of a request and its delivery',
          parameters: [idPath('request_id')],
          responses: { '200': ok(requestData, 'Request'), ...errors('VALIDATION_ERROR', 'NOT_FOUND') },
        },
      },
      '/api/v1/admin/audit': {
        get: {
          summary: 'The audit trail, newest first (admin key; every access is itself audited)',
          security: apiKey,
          parameters: queryParameters(auditQuery),
          responses: {
            '200': ok(auditData, 'A page of the trail'),
            ...errors('VALIDATION_ERROR', 'UNAUTHENTICATED'),
          },
        },
      },
      '/.well-known/jwks.json': {
        get: {
          summary: 'Public keys of ES256 verification tokens (RFC 7517); 404 when tokens are HS256',
          responses: { '200': { description: 'JWK Set' }, ...errors('NOT_FOUND') },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'Up' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness; the checks only with an admin key in production',
          security: [{}, ...apiKey],
          responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
        },
      },
      '/api/v1/admin/stats': {
        get: {
          summary:
            'Sends, delivery, conversion, time to delivery and cost of a period, per bucket, channel and country (admin key or /ops session)',
          security: apiKey,
          parameters: [
            { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
            {
              name: 'bucket',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['5m', '15m', '1h', '6h', '1d'] },
            },
          ],
          responses: {
            '200': { description: 'The stats (README "Operations")' },
            ...errors('VALIDATION_ERROR', 'UNAUTHENTICATED', 'FORBIDDEN', 'STORE_UNAVAILABLE'),
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics (admin key in production)',
          security: [{}, ...apiKey],
          responses: { '200': { description: 'Metrics' }, ...errors('UNAUTHENTICATED') },
        },
      },
    },
  };
}
