import { Button } from '../../../ui/Button.tsx';

/** The end of a case-page form: the error the server gave, if any, and the submit button. */
export function FormFooter({
  problem,
  busy,
  label,
}: {
  problem: string | null;
  busy: boolean;
  label: string;
}) {
  return (
    <>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="secondary" busy={busy}>
          {label}
        </Button>
      </div>
    </>
  );
}
