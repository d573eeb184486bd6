import { z } from 'zod';
import { ROLES } from '../../security/permissions.ts';

export const User = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyId: z.string(),
  mfaEnabled: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
  /** The password was set by someone else: the next sign-in must choose a new one. */
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof User>;

export const CreateUserBody = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  agencyId: z.string().min(1).max(64),
  /** Omit to have the server generate a one-time password (returned once as `temporaryPassword`). */
  password: z.string().min(1).max(256).optional(),
});
/** A user created through the API always changes the password at the first sign-in. */
export const CreatedUser = User.extend({ temporaryPassword: z.string().optional() });
export const PasswordResetResult = z.object({ user: User, temporaryPassword: z.string() });
export const UpdateUserBody = z.strictObject({
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
});
export const UserList = z.object({ items: z.array(User), total: z.number() });
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  agencyId: z.string().max(64).optional(),
});
export const IdParams = z.strictObject({ id: z.uuid() });
