/**
 * Errors are announced at once (role=alert); the container stays in the DOM so that screen readers
 * pick up a message that appears after a failed submit.
 */
export function Alert({ testId, message }: { testId: string; message: string | null }) {
  return (
    <div className="alert-slot" aria-live="assertive">
      {message ? (
        <p className="alert" role="alert" data-testid={testId}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
