import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CaseAssignment } from './CaseAssignment.tsx';
import { ClosureSection } from './case/ClosureSection.tsx';
import { ConsentSection } from './case/ConsentSection.tsx';
import { HistorySection } from './case/HistorySection.tsx';
import { KnownElsewhere } from './case/KnownElsewhere.tsx';
import { MatchSection } from './case/MatchSection.tsx';
import { PerpetratorsSection } from './case/PerpetratorsSection.tsx';
import { PersonSection } from './case/PersonSection.tsx';
import { RestitutionSection } from './case/RestitutionSection.tsx';
import { ScreeningSummary } from './case/ScreeningSummary.tsx';
import { ServicesSection } from './case/ServicesSection.tsx';
import { SupportPlanSection } from './case/SupportPlanSection.tsx';
import { TimelineSection } from './case/TimelineSection.tsx';
import { TransferSection } from './case/TransferSection.tsx';
import { CaseProvider, useCaseData } from './case/useCase.tsx';
import './case/case.css';

/**
 * One case, everything a caseworker needs on one page: the person, what the screening learned, assignment,
 * consent, perpetrators, timeline, support plan, providers and referrals, services, restitution, closure and
 * history. Each part is its own component under ./case/; they share the loaded case through CaseProvider.
 */
export default function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const data = useCaseData(id);
  const { c, bg, error, notice } = data;

  if (!c) {
    return (
      <>
        <PageHeader title={t('casework.case.title')} />
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {bg.declined ? <Alert kind="info">{t('breakGlass.cancelled')}</Alert> : null}
        {bg.dialog}
      </>
    );
  }
  const closed = c.status === 'closed';
  const name = [c.person.givenNames, c.person.surname1, c.person.surname2].filter(Boolean).join(' ');
  const opened = new Date(c.createdAt).toLocaleDateString(i18n.language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  return (
    <CaseProvider value={data}>
      <PageHeader
        title={
          name ? t('casework.case.titleFor', { name }) : t('casework.page.titleUnnamed', { date: opened })
        }
        description={`${t(`casework.status.${c.status}`)} · ${t('casework.page.openedOn', { date: opened })}`}
      />
      {bg.reason ? <Alert kind="warning">{t('breakGlass.notice', { reason: bg.reason })}</Alert> : null}
      <div aria-live="polite">
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
      <nav className="cw-toc" aria-label={t('casework.page.sections')}>
        <a href="#cw-person">{t('casework.page.person')}</a>
        <a href="#cw-consent">{t('casework.consent.title')}</a>
        <a href="#cw-perps">{t('casework.page.perpetrators')}</a>
        <a href="#cw-timeline">{t('casework.page.timeline')}</a>
        <a href="#cw-plan">{t('casework.page.plan')}</a>
        <a href="#cw-match">{t('casework.match.title')}</a>
        <a href="#cw-services">{t('casework.services.title')}</a>
        <a href="#cw-restitution">{t('casework.page.restitution')}</a>
        <a href="#cw-transfer">{t('casework.transfer.title')}</a>
      </nav>
      {closed ? <Alert kind="info">{t('casework.closure.closedNotice')}</Alert> : null}
      <KnownElsewhere />
      <ScreeningSummary />
      {/* a closed case is read, not changed (the server refuses any change): every field and button disabled */}
      <fieldset className="cw-sections" disabled={closed}>
        <legend className="visually-hidden">{t('casework.page.sections')}</legend>
        <PersonSection key={`person-${c.id}`} />
        <CaseAssignment caseId={id} />
        <ConsentSection />
        <PerpetratorsSection />
        <TimelineSection />
        <SupportPlanSection />
        <MatchSection />
        <ServicesSection />
        <RestitutionSection />
        <TransferSection />
      </fieldset>
      <ClosureSection />
      <HistorySection />
    </CaseProvider>
  );
}
