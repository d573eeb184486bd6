/**
 * The national anonymised victim records in CTDC / HTCDS columns (`GET /api/report/ctdc`, k-anonymised like
 * `enlace ctdc`, audited): shown only to an analyst of a national agency (`GET /api/report/ctdc/permission`;
 * the rule chosen pending confirmation, docs/report.md), with the import of such a file (HtcdsImport.tsx).
 * Everyone else sees nothing of it.
 */

import { reportLang } from '@enlace/core/report/labels';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { HtcdsImport } from './HtcdsImport.tsx';

export function CtdcDownload() {
  const { t } = useTranslation();
  const user = useUser();
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    if (user.role !== 'analyst') return;
    let live = true;
    api
      .get<{ allowed: boolean }>('/report/ctdc/permission')
      .then((r) => live && setAllowed(r.allowed))
      .catch(() => live && setAllowed(false));
    return () => {
      live = false;
    };
  }, [user.role]);
  if (!allowed) return null;
  return (
    <div className="report-ctdc">
      <h3 id="report-ctdc-h">{t('report.export.ctdcHeading')}</h3>
      <p className="report-note">{t('report.export.ctdcIntro')}</p>
      <div className="report-exports">
        <a
          className="btn btn-secondary"
          href={`/api/report/ctdc?lang=${reportLang(currentLocale())}`}
          download
          aria-describedby="report-ctdc-h"
        >
          {t('report.export.ctdc')}
        </a>
      </div>
      <HtcdsImport />
    </div>
  );
}
