import { type RefObject, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { countryName } from '../casework/catalog.ts';
import { probabilityPercent, sameValue } from './compare.ts';
import './linkage.css';

/**
 * One uncertain pair from `GET /api/linkage/review` (person_a < person_b); its `comparison` is computed by the
 * server, so a record of another agency can be judged without seeing its values.
 */
type ReviewItem = ApiResponse<'/api/linkage/review'>[number];
/** A decision recorded (or undone): its id, to undo it. */
type DecisionRecorded = ApiResponse<'/api/linkage/pairs/{a}/{b}/decision', 'post'>;

/** Another agency's person is named by an opaque handle: never fetched, shown as "another agency's record". */
const isForeign = (id: string) => id.startsWith('ext:');

type Decision = 'confirmed' | 'rejected';

/** A person as the reviewer may see it: its values, "another agency's record" (404), or a load error. */
type PersonView =
  | { state: 'loading' }
  | { state: 'ok'; values: Record<string, string | undefined> }
  | { state: 'hidden' }
  | { state: 'error'; error: unknown };

/** The fields compared side by side, in this order. */
const FIELDS = [
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'sex',
  'nationality',
  'curp',
  'agency_id',
] as const;

const QUEUE_LIMIT = 50;

const pairKey = (p: ReviewItem) => `${p.personA}\u0000${p.personB}`;

/** The linkage review queue: a supervisor confirms or rejects uncertain pairs, and may undo in this session. */
export default function LinkReviewPage() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [persons, setPersons] = useState<Record<string, PersonView>>({});
  // Decisions made in this session (pair → decision id), so they can be undone.
  const [decided, setDecided] = useState<Record<string, { decisionId: number; decision: Decision }>>({});

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<ReviewItem[]>('/linkage/review', { query: { limit: QUEUE_LIMIT }, signal: ctrl.signal })
      .then((rows) => {
        setItems(rows);
        const all = [...new Set(rows.flatMap((r) => [r.personA, r.personB]))];
        const ids = all.filter((id) => !isForeign(id));
        setPersons(
          Object.fromEntries(
            all.map((id) => [id, (isForeign(id) ? { state: 'hidden' } : { state: 'loading' }) as PersonView]),
          ),
        );
        for (const id of ids) {
          api
            .get<{ id: string; values: Record<string, string | undefined> }>(
              `/persons/${encodeURIComponent(id)}`,
              { signal: ctrl.signal },
            )
            .then(
              (p) => setPersons((m) => ({ ...m, [id]: { state: 'ok', values: p.values } })),
              (err: unknown) => {
                if (err instanceof DOMException && err.name === 'AbortError') return;
                const hidden = err instanceof ApiError && err.status === 404;
                setPersons((m) => ({
                  ...m,
                  [id]: hidden ? { state: 'hidden' } : { state: 'error', error: err },
                }));
              },
            );
        }
      })
      .catch((err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        setLoadError(err);
      });
    return () => ctrl.abort();
  }, []);

  const onDecided = useCallback((key: string, d: { decisionId: number; decision: Decision } | null) => {
    setDecided((m) => {
      const next = { ...m };
      if (d) next[key] = d;
      else delete next[key];
      return next;
    });
  }, []);

  return (
    <>
      <PageHeader title={t('nav.linkage')} description={t('linkage.description')} />
      {loadError ? <Alert kind="error">{errorMessage(i18n, loadError)}</Alert> : null}
      {items === null && !loadError ? <p role="status">{t('linkage.loading')}</p> : null}
      {items !== null && items.length === 0 ? <Alert kind="info">{t('linkage.empty')}</Alert> : null}
      {items !== null && items.length > 0 ? (
        <>
          <p>{t('linkage.count', { n: items.length })}</p>
          <ol className="linkage-queue">
            {items.map((item, i) => (
              <li key={pairKey(item)}>
                <PairCard
                  n={i + 1}
                  item={item}
                  a={persons[item.personA] ?? { state: 'loading' }}
                  b={persons[item.personB] ?? { state: 'loading' }}
                  decided={decided[pairKey(item)] ?? null}
                  onDecided={(d) => onDecided(pairKey(item), d)}
                />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

interface PairCardProps {
  n: number;
  item: ReviewItem;
  a: PersonView;
  b: PersonView;
  decided: { decisionId: number; decision: Decision } | null;
  onDecided: (d: { decisionId: number; decision: Decision } | null) => void;
}

function PairCard({ n, item, a, b, decided, onDecided }: PairCardProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState<Decision | 'undo' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const percent = probabilityPercent(item.probability, currentLocale());

  async function decide(decision: Decision) {
    setBusy(decision);
    setError(null);
    setNotice(null);
    try {
      const body: { decision: Decision; justification?: string } = { decision };
      if (justification.trim()) body.justification = justification.trim();
      const res = await api.post<DecisionRecorded>(
        `/linkage/pairs/${encodeURIComponent(item.personA)}/${encodeURIComponent(item.personB)}/decision`,
        body,
      );
      onDecided({ decisionId: res.decisionId, decision });
      setJustification('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  async function undo() {
    if (!decided) return;
    setBusy('undo');
    setError(null);
    try {
      await api.post<DecisionRecorded>(`/linkage/decisions/${decided.decisionId}/undo`);
      onDecided(null);
      setNotice(t('linkage.undone'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const errorText =
    error instanceof ApiError && error.code === 'conflict'
      ? t('linkage.errors.conflict')
      : errorMessage(i18n, error);

  const compareLabel = t('linkage.compareCaption', { n });
  const hintId = useId();
  const scrollRef = useRef<HTMLElement>(null);
  const overflowing = useOverflowing(scrollRef);
  return (
    <section className="card linkage-pair" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('linkage.pairTitle', { n, probability: percent })}</h2>
      {/* Scrolls sideways on a phone instead of widening the page, and then says so above the table. */}
      {overflowing ? (
        <p id={hintId} className="linkage-scroll-hint">
          {t('linkage.scrollHint')}
        </p>
      ) : null}
      <section
        ref={scrollRef}
        className={overflowing ? 'linkage-compare-scroll linkage-overflowing' : 'linkage-compare-scroll'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be keyboard-reachable (WCAG 2.1.1).
        tabIndex={0}
        aria-label={compareLabel}
        aria-describedby={overflowing ? hintId : undefined}
      >
        <table className="linkage-compare">
          <caption className="visually-hidden">{compareLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{t('linkage.field')}</th>
              <th scope="col">
                {t('linkage.recordA')}{' '}
                {isForeign(item.personA) ? null : <span className="mono">{item.personA}</span>}
                <HiddenNote view={a} />
              </th>
              <th scope="col">
                {t('linkage.recordB')}{' '}
                {isForeign(item.personB) ? null : <span className="mono">{item.personB}</span>}
                <HiddenNote view={b} />
              </th>
              <th scope="col">{t('linkage.comparison')}</th>
            </tr>
          </thead>
          <tbody>
            {FIELDS.map((f) => {
              // the institution by its name (from the queue, only for records the reviewer may read), never its id
              const va = a.state !== 'ok' ? undefined : f === 'agency_id' ? item.agencyA?.name : a.values[f];
              const vb = b.state !== 'ok' ? undefined : f === 'agency_id' ? item.agencyB?.name : b.values[f];
              const server = f === 'agency_id' ? undefined : item.comparison[f];
              const same =
                a.state === 'hidden' || b.state === 'hidden'
                  ? server === 'same'
                    ? true
                    : server === 'different'
                      ? false
                      : null
                  : f === 'agency_id'
                    ? sameValue(item.agencyA?.id, item.agencyB?.id)
                    : sameValue(va, vb);
              return (
                <tr key={f} className={same === false ? 'linkage-diff' : undefined}>
                  <th scope="row">{t(`linkage.fields.${f}`)}</th>
                  <td>
                    <PersonCell view={a} value={va} field={f} />
                  </td>
                  <td>
                    <PersonCell view={b} value={vb} field={f} />
                  </td>
                  <td>
                    <span className="linkage-marker">
                      {same === null
                        ? t('linkage.notCompared')
                        : same
                          ? t('linkage.same')
                          : t('linkage.different')}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {error ? <Alert kind="error">{errorText}</Alert> : null}
      {notice ? <Alert kind="info">{notice}</Alert> : null}
      {decided ? (
        <div className="linkage-decision">
          <Alert kind="success">
            {decided.decision === 'confirmed' ? t('linkage.decidedConfirmed') : t('linkage.decidedRejected')}
          </Alert>
          <Button variant="secondary" busy={busy === 'undo'} onClick={undo}>
            {t('linkage.undo')}
          </Button>
        </div>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <TextField
            label={t('linkage.justification')}
            hint={t('linkage.justificationHint')}
            name="justification"
            maxLength={500}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
          />
          <div className="form-actions">
            <Button busy={busy === 'confirmed'} disabled={busy !== null} onClick={() => decide('confirmed')}>
              {t('linkage.confirm')}
            </Button>
            <Button
              variant="secondary"
              busy={busy === 'rejected'}
              disabled={busy !== null}
              onClick={() => decide('rejected')}
            >
              {t('linkage.reject')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Whether the element's content is wider than the element (it scrolls sideways), kept current as sizes change. */
function useOverflowing(ref: RefObject<HTMLElement | null>): boolean {
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflowing(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return overflowing;
}

function PersonCell({ view, value, field }: { view: PersonView; value: string | undefined; field: string }) {
  const { t, i18n } = useTranslation();
  if (view.state === 'loading') return <>{t('linkage.loadingPerson')}</>;
  if (view.state === 'hidden') return <>{t('linkage.notVisible')}</>;
  if (view.state === 'error') return <>{errorMessage(i18n, view.error)}</>;
  if (!value) return <>{t('linkage.missing')}</>;
  if (field === 'sex') return <>{t(`linkage.sex.${value}`, { defaultValue: value })}</>;
  // the country's name, as the case page shows it, not its ISO code
  if (field === 'nationality') return <>{countryName(value, i18n.language)}</>;
  return <>{value}</>;
}

/** Said once per record, in its column header: the person belongs to an agency outside the reviewer's scope. */
function HiddenNote({ view }: { view: PersonView }) {
  const { t } = useTranslation();
  if (view.state !== 'hidden') return null;
  return <span className="linkage-hidden">{t('linkage.hidden')}</span>;
}
