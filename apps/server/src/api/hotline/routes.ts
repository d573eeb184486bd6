import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { App } from '../../http/context.ts';
import { channelOfAddress, validTwilioSignature } from './channel.ts';
import {
  CloseBody,
  ContactQueue,
  ContactTransferred,
  ContactView,
  CreateContactBody,
  DeclineBody,
  Directory,
  DirectoryQuery,
  IdParams,
  Inbox,
  InboxAccepted,
  InboxItemRead,
  LinkableCases,
  LinkCaseBody,
  Overview,
  QueueQuery,
  ReferBody,
  ReplyBody,
  ScreenBody,
  ScreenInstrument,
  TaskBody,
  TaskParams,
  TransferBody,
  Trends,
  TrendsQuery,
  TwilioReply,
  UpdateContactBody,
} from './schema.ts';
import * as svc from './service.ts';

const tags = ['hotline'];
const read = { permission: 'hotline:read' } as const;
const write = { permission: 'hotline:write' } as const;
const inbox = { permission: 'hotline:inbox' } as const;

/** An inbound message as Twilio posts it (form-encoded). Other parameters Twilio sends are accepted and ignored. */
const TwilioMessage = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-f]{32}$/, 'a Twilio message SID'),
  From: z.string().min(3).max(200),
  To: z.string().min(3).max(200),
  Body: z.string().max(1600).default(''),
});
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function hotlineRoutes(app: App) {
  twilioWebhookRoutes(app);
  consoleRoutes(app);
  followUpRoutes(app);
  supervisionRoutes(app);
  inboxRoutes(app);
}

/** The Twilio webhook: inbound chat, SMS and WhatsApp messages (form-encoded, signed). */
function twilioWebhookRoutes(app: App) {
  // Twilio posts form-encoded bodies; only this plugin (the webhook) parses them.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = params[k];
        params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, params);
    },
  );

  app.post(
    '/api/hotline/webhooks/twilio',
    {
      schema: {
        tags,
        summary:
          'Inbound chat/SMS/WhatsApp message in Twilio format (X-Twilio-Signature verified; idempotent on MessageSid)',
        response: { 200: TwilioReply },
      },
      config: { public: true, rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const token = req.ctx.config.twilioAuthToken;
      // Without a configured channel there is no webhook here (404, not a server error: nothing failed).
      if (!token)
        throw new AppError('channel_not_configured', 'The messaging channel is not configured', {
          status: 404,
        });
      const params = (req.body ?? {}) as Record<string, string | string[]>;
      if (typeof params !== 'object' || Array.isArray(params))
        throw new AppError('invalid_input', 'Send the form Twilio sends', { status: 400 });
      const url =
        req.ctx.config.twilioWebhookUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}${req.url}`;
      const sig = req.headers['x-twilio-signature'];
      if (!validTwilioSignature(token, url, params, typeof sig === 'string' ? sig : undefined))
        throw new AppError('bad_signature', 'The request signature is not valid', { status: 403 });
      const parsed = TwilioMessage.safeParse(params);
      if (!parsed.success)
        throw new AppError('invalid_input', 'Not a Twilio message', {
          status: 400,
          details: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        });
      const m = parsed.data;
      const r = await svc.receiveMessage(req.ctx.db, {
        sid: m.MessageSid,
        from: m.From,
        to: m.To,
        body: m.Body,
        channel: channelOfAddress(m.From),
      });
      if (r === 'no_hotline')
        throw new AppError('channel_not_configured', 'No hotline agency receives messages', { status: 404 });
      return reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}

/** The operator console: contacts taken, read, edited and screened. */
function consoleRoutes(app: App) {
  app.get(
    '/api/hotline/contacts',
    {
      schema: {
        tags,
        summary: 'The queue: open contacts by urgency (no narrative)',
        querystring: QueueQuery,
        response: { 200: ContactQueue },
      },
      config: read,
    },
    async (req) => svc.listQueue(req.ctx, req.query),
  );
  app.post(
    '/api/hotline/contacts',
    {
      schema: {
        tags,
        summary: 'Take a contact (call, chat, SMS, WhatsApp, e-mail, web)',
        body: CreateContactBody,
        response: { 201: ContactView },
      },
      config: write,
    },
    async (req, reply) => reply.code(201).send(await svc.createContact(req.ctx, req.body)),
  );
  app.get(
    '/api/hotline/contacts/:id',
    {
      schema: {
        tags,
        summary: 'One contact with its thread and tasks (audited)',
        params: IdParams,
        response: { 200: ContactView },
      },
      config: read,
    },
    async (req) => svc.readContact(req.ctx, req.params.id),
  );
  app.patch(
    '/api/hotline/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Edit caller, place, narrative, urgency, risks, consent',
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.updateContact(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/hotline/contacts/:id/take',
    {
      schema: {
        tags,
        summary: 'Take the contact (become its operator)',
        params: IdParams,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.takeContact(req.ctx, req.params.id),
  );
  app.get(
    '/api/hotline/screen',
    {
      schema: {
        tags,
        summary: 'The short screen the console runs (instrument)',
        response: { 200: ScreenInstrument },
      },
      config: read,
    },
    async () => svc.screenInstrument(),
  );
  app.put(
    '/api/hotline/contacts/:id/screen',
    {
      schema: {
        tags,
        summary: 'Save the short screen',
        params: IdParams,
        body: ScreenBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.saveScreen(req.ctx, req.params.id, req.body.answers),
  );
}

/** What follows from a contact: referral, a case (new or linked), transfer, tasks, the thread, closing; the directory. */
function followUpRoutes(app: App) {
  app.post(
    '/api/hotline/contacts/:id/referral',
    {
      schema: {
        tags,
        summary: "Refer to a prosecutor's office or a service (their inbox)",
        params: IdParams,
        body: ReferBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.referContact(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/hotline/contacts/:id/case',
    {
      schema: {
        tags,
        summary: 'Open a case of the hotline from the contact',
        params: IdParams,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.openCase(req.ctx, req.params.id),
  );
  app.put(
    '/api/hotline/contacts/:id/case',
    {
      schema: {
        tags,
        summary: 'Link the contact to a case of the agency',
        params: IdParams,
        body: LinkCaseBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.linkCase(req.ctx, req.params.id, req.body.caseId),
  );
  app.get(
    '/api/hotline/cases',
    {
      schema: {
        tags,
        summary: "The agency's open cases a contact can be linked to",
        response: { 200: LinkableCases },
      },
      config: write,
    },
    async (req) => svc.linkableCases(req.ctx),
  );
  app.post(
    '/api/hotline/contacts/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Warm transfer to a US partner: signed cross-border packet (needs cross-border consent)',
        params: IdParams,
        body: TransferBody,
        response: { 200: ContactTransferred },
      },
      config: write,
    },
    async (req) => svc.transferContact(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/hotline/contacts/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Follow-up task with a due time',
        params: IdParams,
        body: TaskBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.addTask(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/hotline/contacts/:id/tasks/:taskId/done',
    {
      schema: {
        tags,
        summary: 'Mark a follow-up task done',
        params: TaskParams,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.completeTask(req.ctx, req.params.id, req.params.taskId),
  );
  app.post(
    '/api/hotline/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: "Reply through the contact's channel (stored; sent when configured)",
        params: IdParams,
        body: ReplyBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.replyContact(req.ctx, req.params.id, req.body.body),
  );
  app.post(
    '/api/hotline/contacts/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the contact with its outcome',
        params: IdParams,
        body: CloseBody,
        response: { 200: ContactView },
      },
      config: write,
    },
    async (req) => svc.closeContact(req.ctx, req.params.id, req.body.outcome),
  );
  app.get(
    '/api/hotline/directory',
    {
      schema: {
        tags,
        summary: 'Providers and agencies by state, service, language and name',
        querystring: DirectoryQuery,
        response: { 200: Directory },
      },
      config: read,
    },
    async (req) => svc.directory(req.ctx, req.query),
  );
}

/** Supervision: the queue's overview and the trends. */
function supervisionRoutes(app: App) {
  app.get(
    '/api/hotline/overview',
    {
      schema: { tags, summary: "Open contacts and operators' load", response: { 200: Overview } },
      config: { permission: 'hotline:supervise' },
    },
    async (req) => svc.overview(req.ctx),
  );
  app.get(
    '/api/hotline/trends',
    {
      schema: {
        tags,
        summary: 'Contacts by week, channel, state, form and outcome; cross-border share',
        querystring: TrendsQuery,
        response: { 200: Trends },
      },
      config: { permission: 'hotline:supervise' },
    },
    async (req) =>
      svc.trends(req.ctx, {
        from: req.query.from,
        to: req.query.to,
        shareable: req.query.shareable === 'true',
      }),
  );
}

/** The receiving agency's inbox: contacts and tips referred to it, accepted (a case) or declined. */
function inboxRoutes(app: App) {
  app.get(
    '/api/hotline/inbox',
    {
      schema: {
        tags,
        summary: 'Contacts and tips the hotline referred to my agency',
        response: { 200: Inbox },
      },
      config: inbox,
    },
    async (req) => svc.inbox(req.ctx),
  );
  app.get(
    '/api/hotline/inbox/contacts/:id',
    {
      schema: {
        tags,
        summary: 'A referred contact (caller only with consent; audited)',
        params: IdParams,
        response: { 200: InboxItemRead },
      },
      config: inbox,
    },
    async (req) => svc.readInboxContact(req.ctx, req.params.id),
  );
  app.post(
    '/api/hotline/inbox/contacts/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a referred contact: opens a case of my agency',
        params: IdParams,
        response: { 200: InboxAccepted },
      },
      config: inbox,
    },
    async (req) => svc.acceptInboxContact(req.ctx, req.params.id),
  );
  app.post(
    '/api/hotline/inbox/contacts/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a referred contact',
        params: IdParams,
        body: DeclineBody,
        response: { 200: InboxItemRead },
      },
      config: inbox,
    },
    async (req) => svc.declineInboxContact(req.ctx, req.params.id, req.body.reason),
  );
  app.get(
    '/api/hotline/inbox/tips/:id',
    {
      schema: {
        tags,
        summary: 'A referred tip (audited)',
        params: IdParams,
        response: { 200: InboxItemRead },
      },
      config: inbox,
    },
    async (req) => svc.readInboxTip(req.ctx, req.params.id),
  );
  app.post(
    '/api/hotline/inbox/tips/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a referred tip: opens a case of my agency',
        params: IdParams,
        response: { 200: InboxAccepted },
      },
      config: inbox,
    },
    async (req) => svc.acceptInboxTip(req.ctx, req.params.id),
  );
  app.post(
    '/api/hotline/inbox/tips/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a referred tip',
        params: IdParams,
        body: DeclineBody,
        response: { 200: InboxItemRead },
      },
      config: inbox,
    },
    async (req) => svc.declineInboxTip(req.ctx, req.params.id, req.body.reason),
  );
}
