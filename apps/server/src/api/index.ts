import type { RouteModule } from '../http/context.ts';
import { importRoutes } from '../import/routes.ts';
import { openDataRoutes } from '../open-data/routes.ts';
import { publicPageRoutes } from '../public/routes.ts';
import { actionPlanRoutes } from './action-plan/routes.ts';
import { agencyRoutes } from './agencies/routes.ts';
import { agencySettingsRoutes } from './agency-settings/routes.ts';
import { alertRoutes } from './alerts/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { caseRestitutionConvictionRoutes } from './cases/restitution-convictions.ts';
import { caseRoutes } from './cases/routes.ts';
import { consentRoutes } from './consents/routes.ts';
import { hotlineRoutes } from './hotline/routes.ts';
import { justiceRoutes } from './justice/routes.ts';
import { linkageRoutes } from './linkage/routes.ts';
import { networkRoutes } from './network/routes.ts';
import { packetRoutes } from './packets/routes.ts';
import { providerRoutes } from './providers/routes.ts';
import { recordRoutes } from './records/routes.ts';
import { referralWorkflowRoutes } from './referral-workflow/routes.ts';
import { releaseRoutes } from './releases/routes.ts';
import { reportRoutes } from './report/routes.ts';
import { screeningRoutes } from './screenings/routes.ts';
import { tipRoutes } from './tips/routes.ts';
import { transferRoutes } from './transfers/routes.ts';
import { userRoutes } from './users/routes.ts';

/** Every API resource registers here (one folder per resource under src/api/). */
export const routeModules: RouteModule[] = [
  authRoutes,
  agencyRoutes,
  userRoutes,
  auditRoutes,
  tipRoutes,
  recordRoutes,
  importRoutes,
  reportRoutes,
  linkageRoutes,
  // case work (issue 6)
  screeningRoutes,
  caseRoutes,
  // the convictions a case's restitution is ordered on, those of its victim's chain first (issue 14)
  caseRestitutionConvictionRoutes,
  consentRoutes,
  providerRoutes,
  referralWorkflowRoutes,
  packetRoutes,
  // transfer of a case to another agency (issue 11)
  transferRoutes,
  // an agency's own settings, kept by its agency administrators (issue 11)
  agencySettingsRoutes,
  // insider-threat controls (issue 9)
  alertRoutes,
  // the national hotline's console, channels and inbox (issue 12)
  hotlineRoutes,
  // the server-rendered public tip page /denuncia and anonymous follow-up (issue 12)
  publicPageRoutes,
  // the public release of the national figures and the open-data page /datos-abiertos (issue 13)
  releaseRoutes,
  openDataRoutes,
  // defendants, the justice chain, restitution on conviction records, financial intelligence (issue 14)
  justiceRoutes,
  // network analysis for investigators (issue 14)
  networkRoutes,
  // National Action Plan monitoring (issue 14)
  actionPlanRoutes,
];
