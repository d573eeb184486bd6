import type { ReactNode } from 'react';

export interface AlertProps {
  kind?: 'info' | 'success' | 'warning' | 'error';
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/** Errors are announced assertively (role=alert); the others politely (role=status). */
export function Alert({ kind = 'info', title, children, className }: AlertProps) {
  return (
    <div
      className={['alert', `alert-${kind}`, className ?? ''].filter(Boolean).join(' ')}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      {title ? <p className="alert-title">{title}</p> : null}
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}
