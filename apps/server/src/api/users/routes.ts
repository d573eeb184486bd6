import { forbidden, notFound } from '../../errors.ts';
import type { App } from '../../http/context.ts';
import { getUser, listUsers } from './repository.ts';
import {
  CreatedUser,
  CreateUserBody,
  IdParams,
  ListQuery,
  PasswordResetResult,
  UpdateUserBody,
  User,
  UserList,
} from './schema.ts';
import { createUser, resetPassword, updateUser } from './service.ts';

export async function userRoutes(app: App) {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users (agency admins: own agency)',
        querystring: ListQuery,
        response: { 200: UserList },
      },
      config: { permission: 'users:read', scope: 'agency' },
    },
    async (req) => {
      const u = req.ctx.user!;
      const agencyId = u.role === 'admin' ? req.query.agencyId : u.agencyId;
      return listUsers(req.ctx.db, { ...req.query, agencyId });
    },
  );
  app.get(
    '/api/users/:id',
    {
      schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: User } },
      config: { permission: 'users:read', scope: 'agency' },
    },
    async (req) => {
      const found = await getUser(req.ctx.db, req.params.id);
      const u = req.ctx.user!;
      if (!found || (u.role !== 'admin' && found.agencyId !== u.agencyId)) throw notFound('User');
      return found;
    },
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user; without `password` a one-time password is generated and returned once',
        body: CreateUserBody,
        response: { 201: CreatedUser },
      },
      config: { permission: 'users:write', scope: 'agency' },
    },
    async (req, reply) => {
      // Whoever set it knows it: the person chooses their own at the first sign-in.
      const created = await createUser(req.ctx, { ...req.body, mustChangePassword: true });
      if (created.temporaryPassword) reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  );
  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags: ['users'],
        summary:
          'Reset a password: one-time password (shown once), sessions ended, MFA to enrol again, change at next sign-in',
        params: IdParams,
        response: { 200: PasswordResetResult },
      },
      config: { permission: 'users:write', scope: 'agency' },
    },
    async (req, reply) => {
      const found = await getUser(req.ctx.db, req.params.id);
      const u = req.ctx.user!;
      if (!found || (u.role !== 'admin' && found.agencyId !== u.agencyId)) throw notFound('User');
      reply.header('cache-control', 'no-store');
      return resetPassword(req.ctx, req.params.id);
    },
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change role, name, or disable',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
      config: { permission: 'users:write', scope: 'agency' },
    },
    async (req) => {
      const found = await getUser(req.ctx.db, req.params.id);
      const u = req.ctx.user!;
      if (!found || (u.role !== 'admin' && found.agencyId !== u.agencyId)) throw notFound('User');
      if (u.role !== 'admin' && u.role !== 'agency_admin') throw forbidden();
      return updateUser(req.ctx, req.params.id, req.body);
    },
  );
}
