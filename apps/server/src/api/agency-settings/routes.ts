import { audit } from '../../audit/service.ts';
import { notFound } from '../../errors.ts';
import type { App } from '../../http/context.ts';
import { saveSettings, settingsOf } from './repository.ts';
import { AgencySettings, AgencySettingsBody } from './schema.ts';

const tags = ['agencies'];

/** One's own agency's settings, kept by its agency administrators (docs/casework.md, "Agency settings"). */
export async function agencySettingsRoutes(app: App) {
  app.get(
    '/api/agency-settings',
    {
      schema: { tags, summary: "My agency's settings", response: { 200: AgencySettings } },
      config: { permission: 'agency:settings' },
    },
    async (req) =>
      (await settingsOf(req.ctx.db, req.ctx.user!.agencyId)) ?? Promise.reject(notFound('Agency')),
  );
  app.put(
    '/api/agency-settings',
    {
      schema: {
        tags,
        summary: "Change my agency's settings (the contact other agencies see on a transfer)",
        body: AgencySettingsBody,
        response: { 200: AgencySettings },
      },
      config: { permission: 'agency:settings' },
    },
    async (req) => {
      const me = req.ctx.user!;
      await req.ctx.db.transaction(async (tx) => {
        await saveSettings(tx, me.agencyId, me.id, req.body);
        await audit(
          req.ctx,
          {
            action: 'update',
            resource: 'agency_settings',
            resourceId: me.agencyId,
            fields: ['contact_name', 'contact_email', 'contact_phone'],
          },
          tx,
        );
      });
      return (await settingsOf(req.ctx.db, me.agencyId))!;
    },
  );
}
