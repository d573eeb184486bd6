/**
 * The helpline numbers shown on /denuncia, as configuration (docs/hotline-public.md):
 *
 * - `ENLACE_HOTLINES_FILE=/etc/enlace/hotlines.json`: the whole list (JSON array of `Hotline`), or
 * - `ENLACE_HOTLINES='[…]'`: the same JSON inline, and/or
 * - `ENLACE_HOTLINE_NATIONAL="800 5533 000"` (and `ENLACE_HOTLINE_NATIONAL_TEL`): only the national line's number.
 *
 * Defaults are public numbers in their real format; a deployment checks them and sets its own national line.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const Hotline = z.strictObject({
  /** `emergency`, `national`, `anonymous`, `us` have labels in the page catalogs; others give `label`. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  /** As people read and dial it, e.g. "800 5533 000". */
  number: z.string().min(2).max(40),
  /** What a `tel:` link dials: digits, optionally after `+` (derived from `number` when absent). */
  tel: z
    .string()
    .regex(/^\+?\d{2,15}$/)
    .optional(),
  /** A number that takes text messages, if any. */
  sms: z
    .string()
    .regex(/^\+?\d{2,15}$/)
    .optional(),
  /** Labels by page language (BCP 47), e.g. { "es-MX": "…", "en-US": "…" }; Spanish is the fallback. */
  label: z.record(z.string(), z.string().min(1).max(200)).optional(),
});
export type Hotline = z.infer<typeof Hotline>;
export const Hotlines = z.array(Hotline).min(1).max(12);

export const DEFAULT_HOTLINES: Hotline[] = [
  { id: 'emergency', number: '911', tel: '911' },
  { id: 'national', number: '800 5533 000', tel: '8005533000' },
  { id: 'anonymous', number: '089', tel: '089' },
  { id: 'us', number: '1-888-373-7888', tel: '+18883737888', sms: '233733' },
];

/** The digits (and a leading +) a tel: link dials. */
export const telOf = (h: Hotline) => h.tel ?? h.number.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');

/** The helplines from the environment (see above); throws with a clear message on a bad setting. */
export function hotlinesFromEnv(env: NodeJS.ProcessEnv): Hotline[] {
  let list = DEFAULT_HOTLINES;
  const source = env.ENLACE_HOTLINES_FILE
    ? {
        name: `ENLACE_HOTLINES_FILE (${env.ENLACE_HOTLINES_FILE})`,
        text: readFileSync(env.ENLACE_HOTLINES_FILE, 'utf8'),
      }
    : env.ENLACE_HOTLINES
      ? { name: 'ENLACE_HOTLINES', text: env.ENLACE_HOTLINES }
      : null;
  if (source) {
    let json: unknown;
    try {
      json = JSON.parse(source.text);
    } catch {
      throw new Error(`${source.name} is not valid JSON`);
    }
    const parsed = Hotlines.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `${source.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    list = parsed.data;
  }
  if (env.ENLACE_HOTLINE_NATIONAL) {
    const national = Hotline.safeParse({
      id: 'national',
      number: env.ENLACE_HOTLINE_NATIONAL,
      ...(env.ENLACE_HOTLINE_NATIONAL_TEL ? { tel: env.ENLACE_HOTLINE_NATIONAL_TEL } : {}),
    });
    if (!national.success)
      throw new Error('ENLACE_HOTLINE_NATIONAL / ENLACE_HOTLINE_NATIONAL_TEL: not a phone number');
    list = list.some((h) => h.id === 'national')
      ? list.map((h) => (h.id === 'national' ? national.data : h))
      : [national.data, ...list];
  }
  return list;
}
