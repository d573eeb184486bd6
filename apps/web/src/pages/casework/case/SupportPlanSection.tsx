import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useUser } from '../../../auth/AuthContext.tsx';
import { Button } from '../../../ui/Button.tsx';
import { TextField } from '../../../ui/Field.tsx';
import { localToday } from '../../../ui/today.ts';
import { newId } from '../catalog.ts';
import type { PlanGoal, SupportPlan } from '../types.ts';
import { FormFooter } from './FormFooter.tsx';
import { dayLabel, useCase } from './useCase.tsx';

const today = localToday;

/** The support plan: goals, each with tasks (due date, done), and dated follow-ups. Saved with the case. */
export function SupportPlanSection() {
  const { t, i18n } = useTranslation();
  const { id, c, busy, patch, act } = useCase();
  const me = useUser();
  const plan = c.plan;
  const mayApprove = (me.role === 'supervisor' || me.role === 'agency_admin') && plan.changedBy !== me.id;
  const [goal, setGoal] = useState('');
  const [fu, setFu] = useState({ date: '', note: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const save = (p: SupportPlan, done: string) => patch({ plan: p }, done);
  const setGoals = (goals: PlanGoal[], done: string) => save({ ...plan, goals }, done);
  const overdue = (d: string | null, isDone: boolean) => !!d && !isDone && d < today();

  async function addGoal(e: FormEvent) {
    e.preventDefault();
    if (!goal.trim()) return setProblem(t('casework.page.goalNeedsTitle'));
    setProblem(null);
    if (
      await setGoals(
        [...plan.goals, { id: newId(), title: goal.trim(), status: 'open', tasks: [] }],
        t('casework.page.goalAdded'),
      )
    )
      setGoal('');
  }
  async function addFollowUp(e: FormEvent) {
    e.preventDefault();
    if (!fu.date) return setProblem(t('casework.page.followUpNeedsDate'));
    setProblem(null);
    if (
      await save(
        {
          ...plan,
          followUps: [...plan.followUps, { id: newId(), date: fu.date, note: fu.note.trim(), done: false }],
        },
        t('casework.page.followUpAdded'),
      )
    )
      setFu({ date: '', note: '' });
  }
  const followUps = [...plan.followUps].sort((a, b) => a.date.localeCompare(b.date));

  return (
    <section className="card" aria-labelledby="cw-plan">
      <h2 id="cw-plan">{t('casework.page.plan')}</h2>
      {c.supportPlan ? <p className="cw-muted">{c.supportPlan}</p> : null}
      {plan.goals.length ? (
        <div className="form-actions">
          <p>
            {plan.approvedBy ? (
              t('casework.page.planApprovedBy', {
                name: plan.approvedByName ?? '—',
                date: plan.approvedAt ? new Date(plan.approvedAt).toLocaleDateString(i18n.language) : '—',
              })
            ) : (
              <strong>{t('casework.page.planNotApproved')}</strong>
            )}
          </p>
          {!plan.approvedBy && mayApprove ? (
            <Button
              busy={busy}
              onClick={() =>
                act(() => api.post(`/cases/${id}/plan/approve`), t('casework.page.planApproved'))
              }
            >
              {t('casework.page.approvePlan')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {plan.goals.length === 0 ? <p>{t('casework.page.noGoals')}</p> : null}
      {plan.goals.map((g) => (
        <GoalCard
          key={g.id}
          goal={g}
          busy={busy}
          overdue={overdue}
          onChange={(next, done) =>
            setGoals(
              plan.goals.map((x) => (x.id === g.id ? next : x)),
              done,
            )
          }
        />
      ))}
      <form className="form" onSubmit={addGoal}>
        <TextField
          label={t('casework.page.newGoal')}
          hint={t('casework.page.newGoalHint')}
          value={goal}
          autoComplete="off"
          onChange={(e) => setGoal(e.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" variant="secondary" busy={busy}>
            {t('casework.page.addGoal')}
          </Button>
        </div>
      </form>

      <h3>{t('casework.page.followUps')}</h3>
      {followUps.length === 0 ? <p>{t('casework.page.noFollowUps')}</p> : null}
      <ul className="cw-list">
        {followUps.map((x) => (
          <li key={x.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={x.done}
                disabled={busy}
                onChange={(e) =>
                  save(
                    {
                      ...plan,
                      followUps: plan.followUps.map((y) =>
                        y.id === x.id ? { ...y, done: e.target.checked } : y,
                      ),
                    },
                    t('casework.page.planSaved'),
                  )
                }
              />
              <span>
                {dayLabel(x.date, i18n.language)}
                {x.note ? ` · ${x.note}` : ''}
                {overdue(x.date, x.done) ? (
                  <strong className="cw-late"> · {t('casework.page.late')}</strong>
                ) : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={addFollowUp} aria-labelledby="cw-fu-new">
        <h4 id="cw-fu-new">{t('casework.page.addFollowUp')}</h4>
        <div className="cw-grid">
          <TextField
            label={t('casework.page.followUpDate')}
            type="date"
            value={fu.date}
            onChange={(e) => setFu({ ...fu, date: e.target.value })}
          />
          <TextField
            label={t('casework.page.followUpNote')}
            value={fu.note}
            autoComplete="off"
            onChange={(e) => setFu({ ...fu, note: e.target.value })}
          />
        </div>
        <FormFooter problem={problem} busy={busy} label={t('casework.page.addFollowUp')} />
      </form>
    </section>
  );
}

function GoalCard({
  goal,
  busy,
  overdue,
  onChange,
}: {
  goal: PlanGoal;
  busy: boolean;
  overdue: (d: string | null, done: boolean) => boolean;
  onChange: (g: PlanGoal, done: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [task, setTask] = useState({ title: '', dueDate: '' });
  const [problem, setProblem] = useState<string | null>(null);
  async function addTask(e: FormEvent) {
    e.preventDefault();
    if (!task.title.trim()) return setProblem(t('casework.page.taskNeedsTitle'));
    setProblem(null);
    const next = {
      ...goal,
      tasks: [
        ...goal.tasks,
        { id: newId(), title: task.title.trim(), dueDate: task.dueDate || null, done: false, doneOn: null },
      ],
    };
    if (await onChange(next, t('casework.page.taskAdded'))) setTask({ title: '', dueDate: '' });
  }
  const headingId = `goal-${goal.id}`;
  return (
    <article className="cw-goal" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {goal.title} <span className="cw-badge">{t(`casework.page.goalStatus.${goal.status}`)}</span>
      </h3>
      <ul className="cw-list">
        {goal.tasks.map((k) => (
          <li key={k.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={k.done}
                disabled={busy}
                onChange={(e) =>
                  onChange(
                    {
                      ...goal,
                      tasks: goal.tasks.map((x) =>
                        x.id === k.id
                          ? { ...x, done: e.target.checked, doneOn: e.target.checked ? today() : null }
                          : x,
                      ),
                    },
                    t('casework.page.planSaved'),
                  )
                }
              />
              <span>
                {k.title}
                {k.dueDate
                  ? ` · ${t('casework.page.due', { date: dayLabel(k.dueDate, i18n.language) })}`
                  : ''}
                {k.done && k.doneOn
                  ? ` · ${t('casework.page.doneOn', { date: dayLabel(k.doneOn, i18n.language) })}`
                  : ''}
                {overdue(k.dueDate, k.done) ? (
                  <strong className="cw-late"> · {t('casework.page.late')}</strong>
                ) : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={addTask}>
        <div className="cw-grid">
          <TextField
            label={t('casework.page.newTask', { goal: goal.title })}
            value={task.title}
            autoComplete="off"
            onChange={(e) => setTask({ ...task, title: e.target.value })}
          />
          <TextField
            label={t('casework.page.dueDate')}
            type="date"
            value={task.dueDate}
            onChange={(e) => setTask({ ...task, dueDate: e.target.value })}
          />
        </div>
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <Button type="submit" variant="secondary" busy={busy}>
            {t('casework.page.addTask')}
          </Button>
          {goal.status === 'open' ? (
            <Button
              variant="link"
              busy={busy}
              onClick={() => onChange({ ...goal, status: 'achieved' }, t('casework.page.planSaved'))}
            >
              {t('casework.page.markAchieved', { goal: goal.title })}
            </Button>
          ) : (
            <Button
              variant="link"
              busy={busy}
              onClick={() => onChange({ ...goal, status: 'open' }, t('casework.page.planSaved'))}
            >
              {t('casework.page.reopen', { goal: goal.title })}
            </Button>
          )}
        </div>
      </form>
    </article>
  );
}
