import { type Hotline, hotlinesFromEnv } from './public/hotlines.ts';

/** Server settings from the environment, with safe defaults. */
export interface ServerConfig {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginRateLimitPerMinute: number;
  publicFormRateLimitPerMinute: number;
  logLevel: string;
  trustProxy: boolean;
  webDist: string | undefined;
  bodyLimitBytes: number;
  /** Uploaded imports (.zip): most bytes unpacked in all, and most unpacked bytes per compressed byte. */
  importMaxUnpackedBytes: number;
  importMaxRatio: number;
  /** Cookies get `Secure`; browsers accept it on http://localhost too. */
  secureCookies: boolean;
  /** `enlace serve` signs a checkpoint of the audit log's head this often when it moved (audit/checkpoint.ts). */
  auditCheckpointSeconds: number;
  /** Print each new audit checkpoint as a JSON line on standard output, for anchoring elsewhere. */
  auditCheckpointPrint: boolean;
  /** Hotline messaging channel (Twilio format, docs/hotline.md). Without the auth token the webhook answers 404. */
  twilioAuthToken?: string | undefined;
  /** With the auth token: replies from the console are sent; without, stored and marked "not sent". */
  twilioAccountSid?: string | undefined;
  /** The exact public URL Twilio calls (it signs it); default: the URL of the request as the server sees it. */
  twilioWebhookUrl?: string | undefined;
  /** Twilio's REST API (changed only to point at a test double). */
  twilioApiBaseUrl?: string | undefined;
  /** Helplines shown on the public page /denuncia (public/hotlines.ts; ENLACE_HOTLINES_FILE …). */
  hotlines?: Hotline[];
  /** Follow-up look-ups (folio + key) per minute and connection on /denuncia/seguimiento. */
  followupRateLimitPerMinute?: number;
}

const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    sessionIdleMinutes: int(env.ENLACE_SESSION_IDLE_MINUTES, 30),
    sessionMaxHours: int(env.ENLACE_SESSION_MAX_HOURS, 12),
    loginRateLimitPerMinute: int(env.ENLACE_LOGIN_RATE_LIMIT, 10),
    publicFormRateLimitPerMinute: int(env.ENLACE_PUBLIC_RATE_LIMIT, 5),
    logLevel: env.ENLACE_LOG_LEVEL || 'info',
    trustProxy: env.ENLACE_TRUST_PROXY === 'true',
    webDist: env.ENLACE_WEB_DIST,
    bodyLimitBytes: int(env.ENLACE_BODY_LIMIT, 1024 * 1024),
    importMaxUnpackedBytes: int(env.ENLACE_IMPORT_MAX_BYTES, 512 * 2 ** 20),
    importMaxRatio: int(env.ENLACE_IMPORT_MAX_RATIO, 200),
    secureCookies: env.ENLACE_INSECURE_COOKIES !== 'true',
    auditCheckpointSeconds: Math.max(1, int(env.ENLACE_AUDIT_CHECKPOINT_SECONDS, 60)),
    auditCheckpointPrint: env.ENLACE_AUDIT_CHECKPOINT_PRINT === 'true',
    twilioAuthToken: env.ENLACE_TWILIO_AUTH_TOKEN || undefined,
    twilioAccountSid: env.ENLACE_TWILIO_ACCOUNT_SID || undefined,
    twilioWebhookUrl: env.ENLACE_TWILIO_WEBHOOK_URL || undefined,
    twilioApiBaseUrl: env.ENLACE_TWILIO_API_BASE_URL || undefined,
    hotlines: hotlinesFromEnv(env),
    followupRateLimitPerMinute: int(env.ENLACE_FOLLOWUP_RATE_LIMIT, 10),
  };
}
