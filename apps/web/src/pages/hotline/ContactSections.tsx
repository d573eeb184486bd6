/** The sections of a hotline contact's page (ContactPage.tsx): each keeps its own form state and acts through `act`. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { languageName } from '../casework/labels.ts';
import { LISTING_SERVICES } from '../providers/catalog.ts';
import { type ContactFields, ContactForm, EMPTY_CONTACT } from './ContactForm.tsx';
import { DirectorySearch } from './DirectorySearch.tsx';
import { Checks, formLabel, label, placeOf, TextArea, UrgencyBadge, useMunicipios, when } from './shared.tsx';
import { type Contact, type DirectoryEntry, type LinkableCase, OUTCOMES } from './types.ts';

/** Runs a change (one at a time), shows `done` when it worked, and takes the contact it answers. */
export type Act = (fn: () => Promise<Contact | undefined>, done?: string) => Promise<boolean>;

export interface SectionProps {
  c: Contact;
  busy: boolean;
  act: Act;
}

/** datetime-local value for `hours` from now, in the browser's time zone. */
function inHours(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The contact's values of the form's fields (the view holds many more, which the update's strict schema
 * refuses). The contact was written through the same body schema, so its values are the body's.
 */
function formFieldsOf(c: Contact): ContactFields {
  const view = c as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(EMPTY_CONTACT).map(([k, empty]) => [k, view[k] === undefined ? empty : view[k]]),
  ) as ContactFields;
}

/** What the caller said and the operator wrote down; edited in place while the contact is open. */
export function SummarySection({ c, busy, act }: SectionProps) {
  const { t } = useTranslation();
  const municipios = useMunicipios();
  const [editing, setEditing] = useState(false);
  const open = c.status === 'open';
  const save = (f: ContactFields) => {
    const { channel: _channel, ...patch } = f;
    void act(() => api.patch<Contact>(`/hotline/contacts/${c.id}`, patch), t('hotline.contact.saved')).then(
      (ok) => ok && setEditing(false),
    );
  };
  return (
    <section className="card hl-section-card" aria-labelledby="hl-summary">
      <h2 id="hl-summary">{t('hotline.contact.summary')}</h2>
      {!editing ? (
        <>
          <dl className="facts">
            <dt>{t('hotline.form.urgency')}</dt>
            <dd>
              <UrgencyBadge urgency={c.urgency} t={t} />
            </dd>
            <dt>{t('hotline.form.callerType')}</dt>
            <dd>{label(t, 'callerType', c.callerType)}</dd>
            <dt>{t('hotline.form.callerName')}</dt>
            <dd>{c.callerName || t('hotline.notGiven')}</dd>
            <dt>{t('hotline.form.callerContact')}</dt>
            <dd className="wrap-anywhere">{c.callerContact || t('hotline.notGiven')}</dd>
            <dt>{t('hotline.form.language')}</dt>
            <dd>{c.language ? languageName(c.language, t) : t('hotline.unknown')}</dd>
            <dt>{t('hotline.form.where')}</dt>
            <dd>{placeOf(c, t, municipios)}</dd>
            <dt>{t('hotline.form.risks')}</dt>
            <dd>
              {c.riskIndicators.length
                ? c.riskIndicators.map((r) => label(t, 'risk', r)).join(', ')
                : t('hotline.none')}
            </dd>
            <dt>{t('hotline.form.trafficking')}</dt>
            <dd>{label(t, 'trafficking', c.trafficking)}</dd>
            <dt>{t('hotline.form.primaryForm')}</dt>
            <dd>{formLabel(t, c.primaryForm)}</dd>
            <dt>{t('hotline.form.consent')}</dt>
            <dd>
              {[
                c.consentShare ? t('hotline.form.consentShare') : t('hotline.contact.noShare'),
                c.consentCrossBorder ? t('hotline.form.consentCrossBorder') : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
            {c.outcome ? (
              <>
                <dt>{t('hotline.contact.outcome')}</dt>
                <dd>{label(t, 'outcome', c.outcome)}</dd>
              </>
            ) : null}
          </dl>
          <h3>{t('hotline.form.narrative')}</h3>
          <p className="hl-narrative">{c.narrative || t('hotline.notGiven')}</p>
          {open ? (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {t('hotline.contact.edit')}
            </Button>
          ) : null}
        </>
      ) : (
        <>
          <ContactForm
            // the form's fields only: the update refuses the view's other keys (id, status, tasks, …)
            initial={formFieldsOf(c)}
            withChannel={false}
            busy={busy}
            submitLabel={t('hotline.contact.saveChanges')}
            onSubmit={save}
          />
          <Button variant="secondary" onClick={() => setEditing(false)}>
            {t('hotline.cancel')}
          </Button>
        </>
      )}
    </section>
  );
}

/** The SMS/WhatsApp thread with the caller, and a reply while the contact is open. */
export function ThreadSection({ c, busy, act }: SectionProps) {
  const { t, i18n } = useTranslation();
  const [reply, setReply] = useState('');
  const open = c.status === 'open';
  return (
    <section className="card hl-section-card" aria-labelledby="hl-thread">
      <h2 id="hl-thread">{t('hotline.thread.title')}</h2>
      <ol className="hl-thread">
        {c.messages.map((m) => (
          <li key={m.id} className={`hl-msg hl-msg-${m.direction}`}>
            <p className="hl-msg-meta">
              {m.direction === 'in' ? t('hotline.thread.them') : (m.sentBy ?? t('hotline.thread.us'))} ·{' '}
              {when(m.at, i18n.language)}
              {m.direction === 'out' ? ` · ${t(`hotline.thread.status.${m.status}`)}` : ''}
              {m.statusDetail
                ? ` (${t(`hotline.thread.detail.${m.statusDetail}`, { defaultValue: m.statusDetail })})`
                : ''}
            </p>
            <p className="hl-msg-body">{m.body}</p>
          </li>
        ))}
      </ol>
      {open && c.hasThread ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reply.trim()) return;
            void act(() => api.post<Contact>(`/hotline/contacts/${c.id}/messages`, { body: reply })).then(
              (ok) => ok && setReply(''),
            );
          }}
        >
          <TextArea
            label={t('hotline.thread.reply')}
            value={reply}
            maxLength={1600}
            rows={3}
            onChange={setReply}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy} disabled={!reply.trim()}>
              {t('hotline.thread.send')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** Referral to a prosecutor or a provider from the directory (again after a decline). */
export function ReferSection({ c, busy, act }: SectionProps) {
  const { t, i18n } = useTranslation();
  const [referTo, setReferTo] = useState<DirectoryEntry | null>(null);
  const [referNote, setReferNote] = useState('');
  const open = c.status === 'open';
  const refer = (e: FormEvent) => {
    e.preventDefault();
    if (!referTo) return;
    void act(
      () =>
        api.post<Contact>(`/hotline/contacts/${c.id}/referral`, {
          toAgencyId: referTo.agencyId,
          note: referNote,
        }),
      t('hotline.refer.done', { name: referTo.name }),
    );
  };
  return (
    <section className="card hl-section-card" aria-labelledby="hl-refer">
      <h2 id="hl-refer">{t('hotline.refer.title')}</h2>
      {c.referral ? (
        <p>
          {t('hotline.refer.status', {
            name: c.referral.toAgencyName,
            status: label(t, 'referralStatus', c.referral.status),
            at: when(c.referral.referredAt, i18n.language),
          })}
          {c.referral.caseOpened ? ` ${t('hotline.refer.caseOpened')}` : ''}
          {c.referral.declineReason
            ? ` ${t('hotline.refer.declined', { reason: c.referral.declineReason })}`
            : ''}
        </p>
      ) : null}
      {open && (!c.referral || c.referral.status === 'declined') ? (
        <form className="form" onSubmit={refer}>
          <p className="field-hint">
            {c.consentShare ? t('hotline.refer.withConsent') : t('hotline.refer.withoutConsent')}
          </p>
          <DirectorySearch
            initialState={c.stateCode}
            initialKind="prosecutor"
            kinds={['prosecutor', 'provider']}
            picked={referTo?.agencyId ?? null}
            onPick={setReferTo}
          />
          <TextArea
            label={t('hotline.refer.note')}
            value={referNote}
            maxLength={2000}
            rows={3}
            onChange={setReferNote}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy} disabled={!referTo}>
              {referTo ? t('hotline.refer.submitTo', { name: referTo.name }) : t('hotline.refer.submit')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** A case opened from the contact, or the contact linked to one of the agency's cases. */
export function CaseSection({ c, busy, act, onError }: SectionProps & { onError: (e: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const [cases, setCases] = useState<LinkableCase[] | null>(null);
  const [linkTo, setLinkTo] = useState('');
  const open = c.status === 'open';
  const loadCases = () => {
    api.get<ApiResponse<'/api/hotline/cases'>>('/hotline/cases').then((r) => setCases(r.items), onError);
  };
  return (
    <section className="card hl-section-card" aria-labelledby="hl-case">
      <h2 id="hl-case">{t('hotline.case.title')}</h2>
      {c.caseId ? (
        <p>{c.outcome === 'case_linked' ? t('hotline.case.linked') : t('hotline.case.opened')}</p>
      ) : open ? (
        <>
          <p className="field-hint">{t('hotline.case.hint')}</p>
          <Button
            busy={busy}
            onClick={() =>
              void act(
                () => api.post<Contact>(`/hotline/contacts/${c.id}/case`),
                t('hotline.case.openedNotice'),
              )
            }
          >
            {t('hotline.case.open')}
          </Button>
          {cases === null ? (
            <Button variant="secondary" onClick={loadCases}>
              {t('hotline.case.linkExisting')}
            </Button>
          ) : (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                if (linkTo)
                  void act(
                    () => api.put<Contact>(`/hotline/contacts/${c.id}/case`, { caseId: linkTo }),
                    t('hotline.case.linked'),
                  );
              }}
            >
              <SelectField
                label={t('hotline.case.choose')}
                value={linkTo}
                onChange={(e) => setLinkTo(e.target.value)}
                options={[
                  { value: '', label: cases.length ? t('hotline.case.pick') : t('hotline.case.noCases') },
                  ...cases.map((k) => ({
                    value: k.id,
                    label: `${new Date(k.createdAt).toLocaleDateString(i18n.language)} · ${k.givenNames ?? t('hotline.notGiven')} · ${formLabel(t, k.primaryForm)}`,
                  })),
                ]}
              />
              <Button type="submit" busy={busy} disabled={!linkTo}>
                {t('hotline.case.link')}
              </Button>
            </form>
          )}
        </>
      ) : null}
    </section>
  );
}

/** A cross-border transfer to a partner (with the caller's consent), and its packet to download. */
export function TransferSection({ c, busy, act }: SectionProps) {
  const { t } = useTranslation();
  const [partner, setPartner] = useState<DirectoryEntry | null>(null);
  const [services, setServices] = useState<string[]>(['shelter']);
  const [includeContact, setIncludeContact] = useState(false);
  const [transferNote, setTransferNote] = useState('');
  const [packet, setPacket] = useState<unknown>(null);
  const open = c.status === 'open';
  const transfer = (e: FormEvent) => {
    e.preventDefault();
    if (!partner) return;
    void act(
      async () => {
        const r = await api.post<ApiResponse<'/api/hotline/contacts/{id}/transfer', 'post'>>(
          `/hotline/contacts/${c.id}/transfer`,
          {
            recipientAgencyId: partner.agencyId,
            services,
            note: transferNote,
            includeContact,
          },
        );
        setPacket(r.packet);
        return r.contact;
      },
      t('hotline.transfer.done', { name: partner.name }),
    );
  };
  const downloadPacket = () => {
    const blob = new Blob([JSON.stringify(packet, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `paquete-${c.ref}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section className="card hl-section-card" aria-labelledby="hl-transfer">
      <h2 id="hl-transfer">{t('hotline.transfer.title')}</h2>
      {c.packetId ? <p>{t('hotline.transfer.sent')}</p> : null}
      {packet ? (
        <Button variant="secondary" onClick={downloadPacket}>
          {t('hotline.transfer.download')}
        </Button>
      ) : null}
      {open && !c.packetId ? (
        c.consentCrossBorder ? (
          <form className="form" onSubmit={transfer}>
            <p className="field-hint">{t('hotline.transfer.hint')}</p>
            <DirectorySearch
              kinds={['partner']}
              initialKind="partner"
              picked={partner?.agencyId ?? null}
              onPick={setPartner}
            />
            <Checks
              legend={t('hotline.transfer.services')}
              options={LISTING_SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) }))}
              value={services}
              onChange={setServices}
            />
            {c.consentShare ? (
              <div className="check">
                <input
                  id="hl-include-contact"
                  type="checkbox"
                  checked={includeContact}
                  onChange={(e) => setIncludeContact(e.target.checked)}
                />
                <label htmlFor="hl-include-contact">{t('hotline.transfer.includeContact')}</label>
              </div>
            ) : null}
            <TextArea
              label={t('hotline.transfer.note')}
              value={transferNote}
              maxLength={1000}
              rows={2}
              onChange={setTransferNote}
            />
            <Button type="submit" busy={busy} disabled={!partner || services.length === 0}>
              {partner
                ? t('hotline.transfer.submitTo', { name: partner.name })
                : t('hotline.transfer.submit')}
            </Button>
          </form>
        ) : (
          <p>{t('hotline.transfer.needsConsent')}</p>
        )
      ) : null}
    </section>
  );
}

/** Follow-up tasks with a due time; marked done one by one. */
export function TasksSection({ c, busy, act }: SectionProps) {
  const { t, i18n } = useTranslation();
  const [taskTitle, setTaskTitle] = useState('');
  const [taskDue, setTaskDue] = useState(() => inHours(24));
  const open = c.status === 'open';
  return (
    <section className="card hl-section-card" aria-labelledby="hl-tasks">
      <h2 id="hl-tasks">{t('hotline.tasks.title')}</h2>
      {c.tasks.length === 0 ? <p>{t('hotline.tasks.none')}</p> : null}
      <ul className="hl-tasks">
        {c.tasks.map((task) => {
          const overdue = !task.doneAt && new Date(task.dueAt).getTime() < Date.now();
          return (
            <li key={task.id}>
              <span className={task.doneAt ? 'hl-done' : ''}>{task.title}</span> ·{' '}
              {task.doneAt
                ? t('hotline.tasks.doneAt', { at: when(task.doneAt, i18n.language) })
                : t(overdue ? 'hotline.tasks.overdue' : 'hotline.tasks.due', {
                    at: when(task.dueAt, i18n.language),
                  })}{' '}
              {!task.doneAt && open ? (
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={() =>
                    void act(() => api.post<Contact>(`/hotline/contacts/${c.id}/tasks/${task.id}/done`))
                  }
                >
                  {t('hotline.tasks.markDone', { title: task.title })}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {open ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!taskTitle.trim() || !taskDue) return;
            void act(
              () =>
                api.post<Contact>(`/hotline/contacts/${c.id}/tasks`, {
                  title: taskTitle,
                  dueAt: new Date(taskDue).toISOString(),
                }),
              t('hotline.tasks.added'),
            ).then((ok) => ok && setTaskTitle(''));
          }}
        >
          <TextField
            label={t('hotline.tasks.what')}
            value={taskTitle}
            maxLength={300}
            onChange={(e) => setTaskTitle(e.target.value)}
          />
          <TextField
            label={t('hotline.tasks.when')}
            type="datetime-local"
            value={taskDue}
            onChange={(e) => setTaskDue(e.target.value)}
          />
          <Button type="submit" busy={busy} disabled={!taskTitle.trim()}>
            {t('hotline.tasks.add')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

/** Closing the contact with its outcome. */
export function CloseSection({ c, busy, act }: SectionProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('information');
  return (
    <section className="card hl-section-card" aria-labelledby="hl-close">
      <h2 id="hl-close">{t('hotline.close.title')}</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            () => api.post<Contact>(`/hotline/contacts/${c.id}/close`, { outcome }),
            t('hotline.close.done'),
          );
        }}
      >
        <SelectField
          label={t('hotline.close.outcome')}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`hotline.outcome.${o}`) }))}
        />
        <Button type="submit" variant="secondary" busy={busy}>
          {t('hotline.close.submit')}
        </Button>
      </form>
    </section>
  );
}
