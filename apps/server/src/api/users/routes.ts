import { forbidden, notFound } from '../../errors.ts';
import type { App } from '../../http/context.ts';
import { getUser, listUsers } from './repository.ts';
import { CreateUserBody, IdParams, ListQuery, UpdateUserBody, User, UserList } from './schema.ts';
import { createUser, updateUser } from './service.ts';

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
      schema: { tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 201: User } },
      config: { permission: 'users:write', scope: 'agency' },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body)),
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
