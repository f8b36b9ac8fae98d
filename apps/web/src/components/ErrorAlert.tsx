import { Alert } from 'antd';
import { ApiFailure } from '../api/api-failure';
import { useI18n } from '../i18n/i18n';

/** An API failure as the user reads it: the API's own message (in their language), the code, the request id. */
export function ErrorAlert({ error, fieldsShownElsewhere = [] }: { error: unknown; fieldsShownElsewhere?: string[] }) {
  const { m } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiFailure)) {
    return <Alert type="error" showIcon title={error instanceof Error ? error.message : JSON.stringify(error)} />;
  }
  const rest = error.fieldErrors.filter(
    (fieldError) =>
      !fieldsShownElsewhere.some((field) => fieldError.field === field || fieldError.field.startsWith(`${field}.`)),
  );
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-error-code={error.code}
      title={error.message}
      description={
        <>
          {rest.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {rest.map((fieldError, index) => (
                <li key={index}>{fieldError.message}</li>
              ))}
            </ul>
          )}
          <small>
            {error.code}
            {error.requestId ? ` · ${m.requestId}: ${error.requestId}` : ''}
          </small>
        </>
      }
    />
  );
}
