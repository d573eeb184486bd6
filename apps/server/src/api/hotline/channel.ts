/**
 * Messaging channels of the hotline, in the format of Twilio Programmable Messaging (SMS, WhatsApp, and
 * chat addresses such as `messenger:`): the signature of inbound webhooks, and an outbound adapter shaped like
 * Twilio's REST API whose HTTP sender is injectable (tests point it at a local fake server; nothing in the
 * tests calls the internet). Without credentials, replies are stored and marked "not sent".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from '../../config.ts';

/**
 * Twilio's request signature: HMAC-SHA1 (key: the account's auth token) over the full URL Twilio called
 * followed by every POST parameter, sorted by name, as name + value; base64.
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    for (const value of typeof v === 'string' ? [v] : [...v].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Constant-time check of the `X-Twilio-Signature` header. */
export function validTwilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
  header: string | undefined,
): boolean {
  if (!header || header.length > 200) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Which channel an address belongs to (`whatsapp:+52…`, `messenger:…`, a plain number is SMS). */
export function channelOfAddress(address: string): 'sms' | 'whatsapp' | 'chat' {
  if (address.startsWith('whatsapp:')) return 'whatsapp';
  if (/^[a-z]+:/.test(address)) return 'chat';
  return 'sms';
}

export interface OutboundMessage {
  /** The person's address (`+52…`, `whatsapp:+52…`). */
  to: string;
  /** Our address they wrote to (replies go out from it). */
  from: string;
  body: string;
}

export type SendResult =
  | { status: 'sent'; providerSid: string }
  | { status: 'not_sent'; detail: 'channel_not_configured' }
  | { status: 'failed'; detail: string };

export interface OutboundChannel {
  send(m: OutboundMessage): Promise<SendResult>;
}

export interface HttpRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}
export type HttpSender = (req: HttpRequest) => Promise<{ status: number; body: string }>;

const fetchSender: HttpSender = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
};

/** Sends through Twilio's Messages resource (`POST /2010-04-01/Accounts/{sid}/Messages.json`). */
export class TwilioRestChannel implements OutboundChannel {
  constructor(
    private readonly opts: {
      accountSid: string;
      authToken: string;
      apiBaseUrl: string;
      http?: HttpSender;
    },
  ) {}

  async send(m: OutboundMessage): Promise<SendResult> {
    const url = `${this.opts.apiBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(this.opts.accountSid)}/Messages.json`;
    const auth = Buffer.from(`${this.opts.accountSid}:${this.opts.authToken}`).toString('base64');
    let res: { status: number; body: string };
    try {
      res = await (this.opts.http ?? fetchSender)({
        url,
        method: 'POST',
        headers: {
          authorization: `Basic ${auth}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: m.to, From: m.from, Body: m.body }).toString(),
      });
    } catch {
      return { status: 'failed', detail: 'network_error' };
    }
    if (res.status < 200 || res.status >= 300) return { status: 'failed', detail: `http_${res.status}` };
    try {
      const sid = (JSON.parse(res.body) as { sid?: unknown }).sid;
      if (typeof sid === 'string' && sid.length <= 64) return { status: 'sent', providerSid: sid };
    } catch {
      // fall through
    }
    return { status: 'failed', detail: 'bad_response' };
  }
}

/** Stores replies without sending them: no channel is configured. */
export const notConfigured: OutboundChannel = {
  send: async () => ({ status: 'not_sent', detail: 'channel_not_configured' }),
};

let injectedSender: HttpSender | undefined;
/** Tests only: the HTTP sender of the outbound adapter (the default uses fetch). */
export function setHttpSenderForTests(s: HttpSender | undefined): void {
  injectedSender = s;
}

export function outboundChannel(config: ServerConfig): OutboundChannel {
  if (!config.twilioAccountSid || !config.twilioAuthToken) return notConfigured;
  return new TwilioRestChannel({
    accountSid: config.twilioAccountSid,
    authToken: config.twilioAuthToken,
    apiBaseUrl: config.twilioApiBaseUrl ?? 'https://api.twilio.com',
    ...(injectedSender ? { http: injectedSender } : {}),
  });
}
