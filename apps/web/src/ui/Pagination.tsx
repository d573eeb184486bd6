import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';
import { pageInfo } from './pagination.ts';

export interface PaginationProps {
  offset: number;
  limit: number;
  total: number;
  /** Rows actually on this page (defaults to what offset/limit/total imply). */
  shown?: number;
  onChange: (offset: number) => void;
  disabled?: boolean;
}

export function Pagination({ offset, limit, total, shown, onChange, disabled }: PaginationProps) {
  const { t } = useTranslation();
  const info = pageInfo(offset, limit, total, shown);
  return (
    <nav className="pagination" aria-label={t('table.pagination.label')}>
      <p className="pagination-summary" aria-live="polite">
        {t('table.pagination.summary', { from: info.from, to: info.to, total: info.total })}
        {' · '}
        {t('table.pagination.page', { page: info.page, pages: info.pages })}
      </p>
      <div className="pagination-buttons">
        <Button
          variant="secondary"
          disabled={disabled || info.prevOffset === null}
          onClick={() => info.prevOffset !== null && onChange(info.prevOffset)}
        >
          {t('table.pagination.previous')}
        </Button>
        <Button
          variant="secondary"
          disabled={disabled || info.nextOffset === null}
          onClick={() => info.nextOffset !== null && onChange(info.nextOffset)}
        >
          {t('table.pagination.next')}
        </Button>
      </div>
    </nav>
  );
}
