import type { FormInstance } from 'antd';
import { ApiFailure, fieldErrorsByName } from '../api/api-failure';

/**
 * Puts each field error the API returned under the form field it names, so the message sits next to what to fix.
 * Returns the names it placed, so the error banner lists only the rest.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  if (!(error instanceof ApiFailure)) return [];
  const byName = fieldErrorsByName(error, fields);
  form.setFields([...byName].map(([name, errors]) => ({ name, errors })));
  return [...byName.keys()];
}
