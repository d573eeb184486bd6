import type { Command } from 'commander';
import { getUserByEmail } from '../../api/users/repository.ts';
import { createUser, resetPassword, updateUser } from '../../api/users/service.ts';
import { AppError } from '../../errors.ts';
import { openRuntime } from '../../runtime.ts';
import { isRole, ROLES } from '../../security/permissions.ts';

const cli = { userId: null, agencyId: null };

export function register(program: Command) {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('create')
    .description(
      'Create a user; prints a one-time password (changed at the first sign-in) unless --password-stdin',
    )
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--agency <id>', 'agency id')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (o: { email: string; agency: string; role: string; name?: string; passwordStdin?: boolean }) => {
        if (!isRole(o.role))
          throw new AppError('invalid_role', `Unknown role "${o.role}": use one of ${ROLES.join(', ')}`, {
            exitCode: 2,
          });
        let password: string | undefined; // undefined: a one-time password, changed at the first sign-in
        if (o.passwordStdin) {
          const chunks: Buffer[] = [];
          for await (const c of process.stdin) chunks.push(c as Buffer);
          password = Buffer.concat(chunks)
            .toString('utf8')
            .replace(/\r?\n$/, '');
        }
        const rt = await openRuntime();
        try {
          const u = await createUser(
            { db: rt.db, actor: cli },
            { email: o.email, displayName: o.name ?? o.email, role: o.role, agencyId: o.agency, password },
          );
          process.stdout.write(`created ${u.role} ${u.email} (${u.id}) in ${u.agencyId}\n`);
          if (u.temporaryPassword)
            process.stdout.write(
              `password (shown once): ${u.temporaryPassword}\n(a new password is chosen at the first sign-in)\n`,
            );
        } finally {
          await rt.db.close();
        }
      },
    );
  user
    .command('disable')
    .description('Disable a user and end their sessions')
    .argument('<email>', 'the user to disable')
    .action(async (email: string) => {
      const rt = await openRuntime();
      try {
        const u = await getUserByEmail(rt.db, email);
        if (!u) throw new AppError('not_found', `No user ${email}`, { exitCode: 2 });
        await updateUser({ db: rt.db, actor: cli }, u.id, { disabled: true });
        process.stdout.write(`disabled ${u.email}\n`);
      } finally {
        await rt.db.close();
      }
    });
  user
    .command('reset-password')
    .description(
      'Reset a password: prints a one-time password, ends the sessions, clears two-step verification (enrolled again at the next sign-in)',
    )
    .argument('<email>', 'the user whose password to reset')
    .action(async (email: string) => {
      const rt = await openRuntime();
      try {
        const u = await getUserByEmail(rt.db, email);
        if (!u) throw new AppError('not_found', `No user ${email}`, { exitCode: 2 });
        const r = await resetPassword({ db: rt.db, actor: cli }, u.id);
        process.stdout.write(
          `reset ${u.email}: sessions ended, two-step verification to enrol again\n` +
            `password (shown once): ${r.temporaryPassword}\n(a new password is chosen at the first sign-in)\n`,
        );
      } finally {
        await rt.db.close();
      }
    });
  user
    .command('enable')
    .description('Re-enable a disabled user')
    .argument('<email>')
    .action(async (email: string) => {
      const rt = await openRuntime();
      try {
        const u = await getUserByEmail(rt.db, email);
        if (!u) throw new AppError('not_found', `No user ${email}`, { exitCode: 2 });
        await updateUser({ db: rt.db, actor: cli }, u.id, { disabled: false });
        process.stdout.write(`enabled ${u.email}\n`);
      } finally {
        await rt.db.close();
      }
    });
}
