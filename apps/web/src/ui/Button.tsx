import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** Shows the button as working and disables it (the label should say what is happening). */
  busy?: boolean;
}

export function Button({
  variant = 'primary',
  busy = false,
  className,
  disabled,
  type,
  ...rest
}: ButtonProps) {
  const cls = ['btn', `btn-${variant}`, busy ? 'is-busy' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button
      type={type ?? 'button'}
      className={cls}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    />
  );
}
