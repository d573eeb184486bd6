/**
 * The server-rendered public pages: /denuncia (awareness text, helplines, the tip form), the confirmation with
 * folio and follow-up key, and /denuncia/seguimiento (status and added information). Plain HTML forms, no
 * JavaScript needed; one request per page (the stylesheet is inline, allowed by its hash in the CSP).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INEGI_STATES } from '@enlace/core/codes';
import { TIP_CATEGORIES } from '../api/tips/schema.ts';
import { type Hotline, telOf } from './hotlines.ts';
import { html, type Raw, raw } from './html.ts';
import { CONTACT_LANGUAGE, ES, PAGE_LANGUAGES, type PageLanguage, type Translator } from './i18n.ts';
import type { PublicTipView } from './repository.ts';

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');
export const CSS = readFileSync(join(ASSETS, 'denuncia.css'), 'utf8').replace(/\n\s*/g, '').trim();
/** The CSP source that allows exactly this inline stylesheet. */
export const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;
export const SCRIPT = readFileSync(join(ASSETS, 'denuncia.js'), 'utf8');
export const SCRIPT_PATH = `/denuncia/mejora.js?v=${createHash('sha256').update(SCRIPT).digest('hex').slice(0, 10)}`;

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5000;
export const CONTACT_MAX = 300;
export const CONTACT_LANGUAGES = [
  'spa',
  'eng',
  'nah',
  'yua',
  'tzo',
  'tzh',
  'mix',
  'zap',
  'oto',
  'maz',
] as const;

export interface TipFormValues {
  category?: string;
  description?: string;
  stateCode?: string;
  language?: string;
  urgent?: boolean;
  contact?: string;
}
export type TipField = 'category' | 'description' | 'stateCode' | 'language' | 'urgent' | 'contact';
export type FieldErrors = Partial<Record<TipField, string>>;

/** A catalog string as HTML, with its own `lang` when it is not in the document's language. */
function tx(tr: Translator, key: string, vars?: Record<string, string | number>): Raw {
  const { text, lang } = tr.t(key, vars);
  return lang === tr.docLang ? html`${text}` : html`<span lang="${lang}">${text}</span>`;
}
const plain = (tr: Translator, key: string, vars?: Record<string, string | number>) => tr.t(key, vars).text;
const q = (tr: Translator) => `?lang=${encodeURIComponent(tr.lang)}`;

function hotlineLabel(tr: Translator, h: Hotline): Raw {
  const own = h.label?.[tr.lang];
  if (own) return html`${own}`;
  if (`hotline.${h.id}` in ES) return tx(tr, `hotline.${h.id}`);
  const es = h.label?.['es-MX'] ?? h.id;
  return tr.docLang === 'es-MX' ? html`${es}` : html`<span lang="es-MX">${es}</span>`;
}

const tel = (h: Hotline) => html`<a class="tel" href="tel:${telOf(h)}">${h.number}</a>`;

function languageSwitcher(tr: Translator, path: string): Raw {
  return html`<nav class="langs" aria-label="${plain(tr, 'page.languages')}"><ul>${PAGE_LANGUAGES.map((l) => {
    const name = l === 'es-MX' ? ES['language.name']! : l === 'en-US' ? 'English' : ES[`form.language.${l}`]!;
    const langAttr = l === 'en-US' ? 'en-US' : 'es-MX';
    return l === tr.lang
      ? html`<li><a href="${path}?lang=${l}" aria-current="page" lang="${langAttr}">${name}</a></li>`
      : html`<li><a href="${path}?lang=${l}" lang="${langAttr}" hreflang="${l}">${name}</a></li>`;
  })}</ul></nav>`;
}

function pendingNote(tr: Translator): Raw | null {
  if (!tr.pendingReview) return null;
  const name = ES[`form.language.${tr.lang}`] ?? tr.lang;
  return html`<p class="note" role="note">${tx(tr, 'page.pendingReview', { language: name })}</p>`;
}

export interface Layout {
  tr: Translator;
  title: string;
  body: Raw;
  /** The path the language links point to; none on pages that answer a POST (they would lose what they show). */
  switchPath?: string;
  script?: boolean;
  /** A link back to /denuncia above the heading (not on /denuncia itself). */
  home?: boolean;
}

export function layout(p: Layout): string {
  const { tr } = p;
  return `<!doctype html>${html`<html lang="${tr.docLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${p.title}</title><meta name="referrer" content="same-origin"><link rel="icon" href="data:,"><style>${raw(CSS)}</style></head><body><header>${p.switchPath ? languageSwitcher(tr, p.switchPath) : null}${p.home === false ? null : html`<p class="brand"><a href="/denuncia${q(tr)}">${tx(tr, 'page.title')}</a></p>`}</header><main id="main">${p.body}</main><footer><p>${tx(tr, 'page.privacy')}</p><p><a href="/">${tx(tr, 'page.staffSignIn')}</a></p></footer>${
    // at the end and async: the page is complete and usable before the script arrives (if it ever does)
    p.script ? html`<script src="${SCRIPT_PATH}" async></script>` : null
  }</body></html>`}`;
}

function helpBox(tr: Translator, hotlines: Hotline[]): Raw {
  const emergency = hotlines.find((h) => h.id === 'emergency');
  const others = hotlines.filter((h) => h.id !== 'emergency');
  return html`<section class="help" aria-labelledby="h-help"><h2 id="h-help">${tx(tr, 'help.title')}</h2>${
    emergency
      ? html`<p class="emergency">${txWith(tr, 'help.emergency', 'number', tel(emergency))}</p>`
      : null
  }<p>${tx(tr, 'help.hotlines')}</p><ul class="lines">${others.map(
    (h) =>
      html`<li>${tel(h)} <span class="line-name">${hotlineLabel(tr, h)}${
        h.sms ? html` (${smsLink(tr, h.sms)})` : null
      }</span></li>`,
  )}</ul></section>`;
}

const smsLink = (tr: Translator, sms: string) =>
  txWith(tr, 'help.sms', 'number', html`<a href="sms:${sms}">${sms}</a>`);

/** A catalog string with one variable replaced by an HTML fragment (a link). */
function txWith(tr: Translator, key: string, name: string, fragment: Raw): Raw {
  const { text, lang } = tr.t(key, { [name]: '\u0000' });
  const inner = html`${text}`.value.replace('\u0000', fragment.value);
  return lang === tr.docLang ? raw(inner) : raw(`<span lang="${lang}">${inner}</span>`);
}

function errorSummary(tr: Translator, errors: FieldErrors, general: string | null): Raw | null {
  const items = Object.entries(errors) as [TipField, string][];
  if (!items.length && !general) return null;
  return html`<div class="error-summary" id="errores" tabindex="-1" autofocus><h2>${tx(tr, 'errors.title')}</h2><ul>${
    general ? html`<li>${general}</li>` : null
  }${items.map(([f, m]) => html`<li><a href="#f-${f}">${m}</a></li>`)}</ul></div>`;
}

const fieldError = (f: TipField, errors: FieldErrors) =>
  errors[f] ? html`<p class="field-error" id="e-${f}">${errors[f]}</p>` : null;
const describedBy = (f: TipField, errors: FieldErrors, hint?: string) =>
  [hint, errors[f] ? `e-${f}` : ''].filter(Boolean).join(' ') || null;

export function tipForm(
  tr: Translator,
  opts: { token: string; values: TipFormValues; errors: FieldErrors; general: string | null },
): Raw {
  const { values: v, errors } = opts;
  const contactLang = v.language ?? CONTACT_LANGUAGE[tr.lang];
  const attr = (name: string, value: string | null) => (value ? html` ${raw(name)}="${value}"` : null);
  return html`<section id="denuncia" aria-labelledby="h-form"><h2 id="h-form">${tx(tr, 'form.title')}</h2>${errorSummary(
    tr,
    errors,
    opts.general,
  )}<form method="post" action="/denuncia" accept-charset="utf-8" novalidate data-sending="${plain(tr, 'form.sending')}">
<input type="hidden" name="t" value="${opts.token}"><input type="hidden" name="lang" value="${tr.lang}">
<p class="hint">${tx(tr, 'form.required')}</p>
<fieldset id="f-category"${attr('aria-describedby', describedBy('category', errors))}${errors.category ? raw(' class="has-error"') : null}><legend>${tx(tr, 'form.category')} *</legend>${fieldError('category', errors)}${TIP_CATEGORIES.map(
    (c) =>
      html`<div class="choice"><input type="radio" name="category" id="c-${c}" value="${c}"${v.category === c ? raw(' checked') : null} required><label for="c-${c}">${tx(tr, `form.category.${c}`)}</label></div>`,
  )}</fieldset>
<div class="field${errors.description ? ' has-error' : ''}"><label for="f-description">${tx(tr, 'form.description')} *</label><p class="hint" id="h-description">${tx(tr, 'form.descriptionHint', { min: DESCRIPTION_MIN, max: fmtNumber(tr, DESCRIPTION_MAX) })}</p>${fieldError('description', errors)}<textarea id="f-description" name="description" rows="6" minlength="${DESCRIPTION_MIN}" maxlength="${DESCRIPTION_MAX}" required aria-describedby="${describedBy('description', errors, 'h-description')}"${errors.description ? raw(' aria-invalid="true"') : null} data-counter="${plain(tr, 'form.counter', { n: '{n}', max: DESCRIPTION_MAX })}">${v.description ?? ''}</textarea></div>
<div class="field${errors.stateCode ? ' has-error' : ''}"><label for="f-stateCode">${tx(tr, 'form.state')}</label>${fieldError('stateCode', errors)}<select id="f-stateCode" name="stateCode"${attr('aria-describedby', describedBy('stateCode', errors))}><option value="">${plain(tr, 'form.stateUnknown')}</option>${INEGI_STATES.map(
    (s) =>
      html`<option value="${s.code}"${v.stateCode === s.code ? raw(' selected') : null}>${s.name}</option>`,
  )}</select></div>
<div class="field${errors.language ? ' has-error' : ''}"><label for="f-language">${tx(tr, 'form.language')}</label>${fieldError('language', errors)}<select id="f-language" name="language"${attr('aria-describedby', describedBy('language', errors))}>${CONTACT_LANGUAGES.map(
    (l) =>
      html`<option value="${l}"${contactLang === l ? raw(' selected') : null}>${plain(tr, `form.language.${l}`)}</option>`,
  )}</select></div>
<div class="choice urgent${errors.urgent ? ' has-error' : ''}">${fieldError('urgent', errors)}<input type="checkbox" id="f-urgent" name="urgent" value="1"${v.urgent ? raw(' checked') : null}><label for="f-urgent">${tx(tr, 'form.urgent')}</label></div>
<div class="field${errors.contact ? ' has-error' : ''}"><label for="f-contact">${tx(tr, 'form.contact')}</label><p class="hint" id="h-contact">${tx(tr, 'form.contactHint')}</p>${fieldError('contact', errors)}<input type="text" id="f-contact" name="contact" maxlength="${CONTACT_MAX}" autocomplete="off" value="${v.contact ?? ''}" aria-describedby="${describedBy('contact', errors, 'h-contact')}"${errors.contact ? raw(' aria-invalid="true"') : null}></div>
<div class="hp" aria-hidden="true"><label for="f-website">${plain(tr, 'form.honeypot')}</label><input type="text" id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${tx(tr, 'form.submit')}</button></p>
</form></section>`;
}

export function tipPage(
  tr: Translator,
  hotlines: Hotline[],
  form: { token: string; values: TipFormValues; errors: FieldErrors; general: string | null },
): string {
  const hasErrors = !!form.general || Object.keys(form.errors).length > 0;
  const list = (keys: string[]) => html`<ul>${keys.map((k) => html`<li>${tx(tr, k)}</li>`)}</ul>`;
  const body = html`<a class="skip" href="#denuncia">${tx(tr, 'page.skipToForm')}</a><h1>${tx(tr, 'page.title')}</h1>${pendingNote(tr)}<p class="lead">${tx(tr, 'page.intro')}</p>${helpBox(tr, hotlines)}<p class="followup-link"><a href="/denuncia/seguimiento${q(tr)}">${tx(tr, 'page.followupLink')}</a></p>${tipForm(tr, form)}<section aria-labelledby="h-signs"><h2 id="h-signs">${tx(tr, 'signs.title')}</h2><p>${tx(tr, 'signs.intro')}</p>${list(
    [
      'signs.jobOffer',
      'signs.novio',
      'signs.online',
      'signs.debt',
      'signs.documents',
      'signs.control',
      'signs.minors',
    ],
  )}</section><section aria-labelledby="h-what"><h2 id="h-what">${tx(tr, 'what.title')}</h2>${list([
    'what.danger',
    'what.safe',
    'what.notes',
    'what.report',
    'what.after',
  ])}</section><section aria-labelledby="h-rights"><h2 id="h-rights">${tx(tr, 'rights.title')}</h2>${list([
    'rights.care',
    'rights.notPunished',
    'rights.interpreter',
    'rights.privacy',
    'rights.repair',
  ])}<p class="hint">${tx(tr, 'rights.source')}</p></section>`;
  const title = plain(tr, 'page.title');
  return layout({
    tr,
    title: hasErrors ? `${plain(tr, 'errors.title')} — ${title}` : title,
    body,
    switchPath: '/denuncia',
    script: true,
    home: false,
  });
}

export function sentPage(tr: Translator, hotlines: Hotline[], folio: string, key: string): string {
  const body = html`<h1>${tx(tr, 'sent.title')}</h1>${pendingNote(tr)}<p>${tx(tr, 'sent.intro')}</p><dl class="receipt"><dt>${tx(tr, 'sent.folio')}</dt><dd data-testid="folio">${folio}</dd><dt>${tx(tr, 'sent.secret')}</dt><dd data-testid="followup-key">${key}</dd></dl><p>${tx(tr, 'sent.hint')}</p><p><a href="/denuncia/seguimiento${q(tr)}">${tx(tr, 'sent.followup')}</a></p><p><a href="/denuncia${q(tr)}">${tx(tr, 'sent.another')}</a></p>${helpBox(tr, hotlines)}`;
  return layout({ tr, title: plain(tr, 'sent.title'), body });
}

export function followupLookupPage(
  tr: Translator,
  opts: { token: string; folio?: string; errors: string[] },
): string {
  const has = opts.errors.length > 0;
  const body = html`<h1>${tx(tr, 'followup.title')}</h1>${pendingNote(tr)}<p>${tx(tr, 'followup.intro')}</p>${
    has
      ? html`<div class="error-summary" tabindex="-1" autofocus id="errores"><ul>${opts.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
      : null
  }<form method="post" action="/denuncia/seguimiento" accept-charset="utf-8" novalidate>
<input type="hidden" name="t" value="${opts.token}"><input type="hidden" name="lang" value="${tr.lang}">
<div class="field"><label for="f-folio">${tx(tr, 'followup.folio')}</label><p class="hint" id="h-folio">${tx(tr, 'followup.folioHint')}</p><input type="text" id="f-folio" name="folio" required maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${opts.folio ?? ''}" aria-describedby="h-folio"${has ? raw(' aria-invalid="true"') : null}></div>
<div class="field"><label for="f-key">${tx(tr, 'followup.secret')}</label><input type="text" id="f-key" name="key" required maxlength="80" autocomplete="off" autocapitalize="characters" spellcheck="false"${has ? raw(' aria-invalid="true"') : null}></div>
<p><button type="submit">${tx(tr, 'followup.submit')}</button></p></form><p><a href="/denuncia${q(tr)}">${tx(tr, 'page.backToForm')}</a></p>`;
  const title = plain(tr, 'followup.title');
  return layout({
    tr,
    title: has ? `${opts.errors[0]} — ${title}` : title,
    body,
    switchPath: '/denuncia/seguimiento',
  });
}

const fmtNumber = (tr: Translator, n: number) => n.toLocaleString(tr.lang === 'en-US' ? 'en-US' : 'es-MX');

const fmtDate = (tr: Translator, iso: string) =>
  new Intl.DateTimeFormat(tr.lang === 'en-US' ? 'en-US' : 'es-MX', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Mexico_City',
  }).format(new Date(iso));

export function followupStatusPage(
  tr: Translator,
  opts: {
    view: PublicTipView;
    access: string;
    token: string;
    added?: boolean;
    error?: string;
    text?: string;
    contact?: string;
  },
): string {
  const { view } = opts;
  // Spam is shown as closed: the sender is not told how the tip was judged. A status added to the queue later
  // and not yet worded for the public reads as "being reviewed".
  const status =
    view.status === 'spam'
      ? 'closed'
      : ((['new', 'in_review', 'referred', 'closed'] as const).find((x) => x === view.status) ?? 'in_review');
  const closed = status === 'closed';
  const body = html`<h1>${tx(tr, 'followup.statusTitle', { folio: view.folio })}</h1>${pendingNote(tr)}${
    opts.added ? html`<p class="ok" role="status">${tx(tr, 'followup.added')}</p>` : null
  }<dl class="receipt facts"><dt>${tx(tr, 'followup.status')}</dt><dd data-testid="tip-status">${tx(tr, `followup.status.${status}`)}</dd><dt>${tx(tr, 'followup.receivedAt')}</dt><dd>${fmtDate(tr, view.receivedAt)}</dd><dt>${tx(tr, 'followup.updatedAt')}</dt><dd>${fmtDate(tr, view.updatedAt)}</dd></dl><h2>${tx(tr, 'followup.additions')}</h2>${
    view.additions.length
      ? html`<ul>${view.additions.map((a) => html`<li>${fmtDate(tr, a.addedAt)}</li>`)}</ul>`
      : html`<p>${tx(tr, 'followup.additionsNone')}</p>`
  }${
    closed
      ? html`<p class="note">${tx(tr, 'followup.closedNote')}</p>`
      : html`<section aria-labelledby="h-add"><h2 id="h-add">${tx(tr, 'followup.addTitle')}</h2>${
          opts.error
            ? html`<div class="error-summary" tabindex="-1" autofocus id="errores"><ul><li><a href="#f-text">${opts.error}</a></li></ul></div>`
            : null
        }<form method="post" action="/denuncia/seguimiento/agregar" accept-charset="utf-8" novalidate>
<input type="hidden" name="t" value="${opts.token}"><input type="hidden" name="a" value="${opts.access}"><input type="hidden" name="lang" value="${tr.lang}">
<div class="field${opts.error ? ' has-error' : ''}"><label for="f-text">${tx(tr, 'followup.addText')}</label><p class="hint" id="h-text">${tx(tr, 'followup.addHint', { min: DESCRIPTION_MIN, max: fmtNumber(tr, DESCRIPTION_MAX) })}</p><textarea id="f-text" name="text" rows="5" minlength="${DESCRIPTION_MIN}" maxlength="${DESCRIPTION_MAX}" required aria-describedby="h-text"${opts.error ? raw(' aria-invalid="true"') : null}>${opts.text ?? ''}</textarea></div>
<div class="field"><label for="f-addcontact">${tx(tr, 'followup.addContact')}</label><input type="text" id="f-addcontact" name="contact" maxlength="${CONTACT_MAX}" autocomplete="off" value="${opts.contact ?? ''}"></div>
<p><button type="submit">${tx(tr, 'followup.addSubmit')}</button></p></form></section>`
  }<p><a href="/denuncia/seguimiento${q(tr)}">${tx(tr, 'followup.another')}</a></p><p><a href="/denuncia${q(tr)}">${tx(tr, 'page.backToForm')}</a></p>`;
  return layout({ tr, title: plain(tr, 'followup.statusTitle', { folio: view.folio }), body });
}

/** A short page for errors answered as HTML (rate limit, too large, not found, server error). */
export function messagePage(tr: Translator, title: string, message: string, hotlines: Hotline[]): string {
  const body = html`<h1>${title}</h1><p>${message}</p><p><a href="/denuncia${q(tr)}">${tx(tr, 'page.backToForm')}</a></p>${helpBox(tr, hotlines)}`;
  return layout({ tr, title, body });
}

export type { PageLanguage };
