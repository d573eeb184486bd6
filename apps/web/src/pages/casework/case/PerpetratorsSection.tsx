import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/Button.tsx';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import { CaseDefendants } from '../../justice/CaseDefendants.tsx';
import type { Perpetrator } from '../types.ts';
import { FormFooter } from './FormFooter.tsx';
import { useCase } from './useCase.tsx';

const ROLES = ['recruiter', 'transporter', 'exploiter', 'controller', 'buyer', 'other'] as const;
const RELATIONS = [
  'intimate_partner',
  'family',
  'friend',
  'acquaintance',
  'employer',
  'stranger',
  'other',
] as const;
const EMPTY = { name: '', alias: '', role: '', relation: '', description: '' };

/** Who exploited the person, as the person tells it: listed, added and removed (every change in the history). */
export function PerpetratorsSection() {
  const { t } = useTranslation();
  const { c, busy, patch } = useCase();
  const [f, setF] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const roleName = (r?: string) => (r ? t(`casework.page.perpRole.${r}`) : null);
  const relName = (r?: string) => (r ? t(`records.values.${r}`, { defaultValue: r }) : null);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!f.name.trim() && !f.alias.trim() && !f.description.trim())
      return setProblem(t('casework.page.perpNeedsSomething'));
    setProblem(null);
    const p: Perpetrator = {};
    if (f.name.trim()) p.name = f.name.trim();
    if (f.alias.trim()) p.alias = f.alias.trim();
    if (f.role) p.role = f.role;
    if (f.relation) p.relation = f.relation;
    if (f.description.trim()) p.description = f.description.trim();
    if (await patch({ perpetrators: [...c.perpetrators, p] }, t('casework.page.perpAdded'))) setF(EMPTY);
  }

  return (
    <section className="card" aria-labelledby="cw-perps">
      <h2 id="cw-perps">{t('casework.page.perpetrators')}</h2>
      {c.perpetrators.length === 0 ? <p>{t('casework.page.nonePerps')}</p> : null}
      <ul className="cw-list">
        {c.perpetrators.map((p, i) => {
          const label = p.name ?? p.alias ?? t('casework.page.unnamedPerp');
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list has no ids; order is stable between saves
            <li key={i}>
              <strong>{label}</strong>
              {p.name && p.alias ? ` (${p.alias})` : ''}
              {[roleName(p.role), relName(p.relation)].filter(Boolean).length
                ? ` · ${[roleName(p.role), relName(p.relation)].filter(Boolean).join(' · ')}`
                : ''}
              {p.description ? <p className="cw-muted">{p.description}</p> : null}
              <Button
                variant="link"
                busy={busy}
                onClick={() =>
                  patch(
                    { perpetrators: c.perpetrators.filter((_, j) => j !== i) },
                    t('casework.page.perpRemoved'),
                  )
                }
              >
                {t('casework.page.removeNamed', { name: label })}
              </Button>
            </li>
          );
        })}
      </ul>
      {/* recorded as defendants of the agency (issue 14, pages/justice) */}
      <CaseDefendants caseId={c.id} perpetrators={c.perpetrators} />
      <form className="form" onSubmit={add} aria-labelledby="cw-perps-new">
        <h3 id="cw-perps-new">{t('casework.page.addPerp')}</h3>
        <div className="cw-grid">
          <TextField
            label={t('casework.page.perpName')}
            value={f.name}
            autoComplete="off"
            onChange={(e) => setF({ ...f, name: e.target.value })}
          />
          <TextField
            label={t('casework.page.perpAlias')}
            value={f.alias}
            autoComplete="off"
            onChange={(e) => setF({ ...f, alias: e.target.value })}
          />
          <SelectField
            label={t('casework.page.perpRoleLabel')}
            value={f.role}
            onChange={(e) => setF({ ...f, role: e.target.value })}
            options={[
              { value: '', label: t('casework.unknown') },
              ...ROLES.map((r) => ({ value: r, label: roleName(r)! })),
            ]}
          />
          <SelectField
            label={t('casework.page.perpRelation')}
            value={f.relation}
            onChange={(e) => setF({ ...f, relation: e.target.value })}
            options={[
              { value: '', label: t('casework.unknown') },
              ...RELATIONS.map((r) => ({ value: r, label: relName(r)! })),
            ]}
          />
        </div>
        <TextField
          label={t('casework.page.perpDescription')}
          value={f.description}
          autoComplete="off"
          onChange={(e) => setF({ ...f, description: e.target.value })}
        />
        <FormFooter problem={problem} busy={busy} label={t('casework.page.addPerp')} />
      </form>
    </section>
  );
}
