import { TextField } from '../ui/Field.tsx';

/** A 6-digit code from the authenticator app (spaces allowed, removed before sending). */
export function TotpCodeField({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      label={label}
      hint={hint}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
