import type { FastifyReply } from 'fastify';
import { NoContent } from '../../http/answers.ts';
import type { App } from '../../http/context.ts';
import {
  AccountResult,
  ChangePasswordBody,
  ChangePasswordResult,
  CodeBody,
  LoginBody,
  LoginResult,
  MfaSetupResult,
  RecoveryCodesResult,
  SessionResult,
  StatusResult,
} from './schema.ts';
import * as service from './service.ts';

function setSessionCookie(app: App, reply: FastifyReply, token: string, maxHours: number, secure: boolean) {
  reply.setCookie(service.SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    maxAge: maxHours * 3600,
  });
  void app;
}

export async function authRoutes(app: App) {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: LoginBody,
        response: { 200: LoginResult },
      },
      config: {
        public: true,
        rateLimit: { max: app.enlaceConfig.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const r = await service.login(req.ctx, req.body.email, req.body.password);
      setSessionCookie(app, reply, r.token, req.ctx.config.sessionMaxHours, req.ctx.config.secureCookies);
      return { status: r.status, csrfToken: r.csrfToken };
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionResult } },
      config: { session: true },
    },
    async (req) => {
      const user = req.ctx.user!;
      const session = req.ctx.session!;
      return {
        user: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          agencyId: user.agencyId,
          agencyName: user.agencyName,
          agencyKind: user.agencyKind,
          locale: user.locale,
        },
        csrfToken: session.csrfToken,
        mfa: session.mfaState,
      };
    },
  );

  app.post(
    '/api/auth/mfa/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment (QR code)',
        response: { 200: MfaSetupResult },
      },
      config: { session: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req) => service.startMfaSetup(req.ctx),
  );

  app.post(
    '/api/auth/mfa/enable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment; returns recovery codes once',
        body: CodeBody,
        response: { 200: RecoveryCodesResult },
      },
      config: {
        session: true,
        rateLimit: { max: app.enlaceConfig.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req) => service.enableMfa(req.ctx, req.body.code),
  );

  app.post(
    '/api/auth/mfa/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: TOTP or recovery code',
        body: CodeBody,
        response: { 200: StatusResult },
      },
      config: {
        session: true,
        rateLimit: { max: app.enlaceConfig.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req) => service.verifyMfa(req.ctx, req.body.code),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (ends your other sessions); also the forced change after a reset',
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResult },
      },
      config: {
        session: true,
        rateLimit: { max: app.enlaceConfig.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req) => service.changeOwnPassword(req.ctx, req.body),
  );

  app.get(
    '/api/auth/account',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your own account: name, role, agency, two-step verification',
        response: { 200: AccountResult },
      },
      config: { session: true },
    },
    async (req) => service.ownAccount(req.ctx),
  );

  app.post(
    '/api/auth/mfa/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'New recovery codes (the old ones stop working); needs a current TOTP code; shown once',
        body: CodeBody,
        response: { 200: RecoveryCodesResult },
      },
      config: {
        session: true,
        rateLimit: { max: app.enlaceConfig.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req) => service.regenerateRecoveryCodes(req.ctx, req.body.code),
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        response: { 204: NoContent('Signed out: the session ends and its cookie is cleared') },
      },
      config: { session: true },
    },
    async (req, reply) => {
      await service.logout(req.ctx);
      reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}
