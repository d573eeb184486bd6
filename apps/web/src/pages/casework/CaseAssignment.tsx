import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField } from '../../ui/Field.tsx';

/** `GET|PUT /api/cases/:id/assignee` and `GET /api/case-assignees` (apps/server/src/api/cases), generated. */
type Assignee = ApiResponse<'/api/cases/{id}/assignee'>;
type Staff = ApiResponse<'/api/case-assignees'>['items'][number];

/**
 * Who the case is assigned to; supervisors and agency admins change it. An assigned case is the assignee's own:
 * they open it without being asked for a reason (break-glass).
 */
export function CaseAssignment({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const canAssign = me.role === 'supervisor' || me.role === 'agency_admin';
  const [current, setCurrent] = useState<Assignee | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Assignee>(`/cases/${caseId}/assignee`, { signal: ctrl.signal })
      .then((a) => {
        setCurrent(a);
        setChoice(a.assignedTo ?? '');
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      });
    if (canAssign) {
      api
        .get<ApiResponse<'/api/case-assignees'>>('/case-assignees', { signal: ctrl.signal })
        .then((r) => setStaff(r.items))
        .catch((e: unknown) => {
          if (!ctrl.signal.aborted) setError(e);
        });
    }
    return () => ctrl.abort();
  }, [caseId, canAssign]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const a = await api.put<Assignee>(`/cases/${caseId}/assignee`, { userId: choice || null });
      setCurrent(a);
      setNotice(t('casework.assignment.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="cw-assignment">
      <h2 id="cw-assignment">{t('casework.assignment.title')}</h2>
      {current ? (
        <p>
          {current.assignedTo
            ? t('casework.assignment.current', { name: current.assignedToName ?? current.assignedTo })
            : t('casework.assignment.none')}
        </p>
      ) : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {canAssign ? (
        <form className="form" onSubmit={save}>
          <SelectField
            label={t('casework.assignment.to')}
            hint={t('casework.assignment.hint')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            options={[
              { value: '', label: t('casework.assignment.nobody') },
              ...staff.map((s) => ({ value: s.id, label: `${s.displayName} (${t(`roles.${s.role}`)})` })),
            ]}
          />
          <Button type="submit" busy={busy}>
            {t('casework.assignment.save')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
