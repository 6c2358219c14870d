/** A screen's last error (announced as an alert) and last confirmation (a polite status). */
export function Notices({ error, notice }: { error: string | null; notice?: string | null }) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </>
  );
}
