import type { AxiosInstance } from 'axios';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { ProviderHttpError, retryAfterMs } from '../http/provider-http';

/**
 * The SDK's own RequestClient (form encoding, Basic auth, headers) sending through our axios instance,
 * so requests use our keep-alive agents for http and https (the SDK's pool is https-only) and our
 * timeouts. An HTTP error is thrown here with its status, body and Retry-After, which the SDK's
 * RestException would drop.
 */
export class TwilioHttpClient extends RequestClient {
  constructor(client: AxiosInstance, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.axios = client;
  }

  override async request<TData>(options: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const response = await super.request(options);
    if (response.statusCode >= 400) {
      const headers = response.headers as Record<string, unknown> | undefined;
      throw new ProviderHttpError(response.statusCode, response.body, retryAfterMs(headers?.['retry-after']));
    }
    return response;
  }
}
