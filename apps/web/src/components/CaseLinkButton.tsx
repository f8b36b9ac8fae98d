import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './ErrorAlert';
import { showFieldErrors } from './form-errors';
import { CasePicker } from './Pickers';

/**
 * Links the case with a possible duplicate (`POST /api/cases/:id/links`). Not a lifecycle action, so it is not in the
 * allowed-actions list; the button shows for the roles the endpoint takes (officials, the Working Group) and the API
 * still decides (scope, same case, unknown case) with its own message under the field.
 */
export function CaseLinkButton({ caseId }: { caseId: string }) {
  const { m } = useI18n();
  const l = m.admin.caseLink;
  const { hasRole } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ relatedCaseId: string }>();
  const [placed, setPlaced] = useState<string[]>([]);
  const link = useMutation({
    mutationFn: async (relatedCaseId: string) =>
      unwrap(await api.POST('/api/cases/{id}/links', { params: { path: { id: caseId } }, body: { relatedCaseId } })),
    onSuccess: () => {
      void message.success(l.done);
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      setOpen(false);
    },
    onError: (error) => setPlaced(showFieldErrors(form, error, ['relatedCaseId'])),
  });
  if (!hasRole('official', 'working_group')) return null;
  return (
    <>
      <Button data-action="link" onClick={() => setOpen(true)}>
        {l.button}
      </Button>
      {open && (
        <Modal
          open
          title={l.button}
          okText={l.button}
          cancelText={m.cancel}
          onCancel={() => setOpen(false)}
          onOk={() => form.submit()}
          confirmLoading={link.isPending}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" onFinish={(values) => link.mutate(values.relatedCaseId)}>
            <Form.Item name="relatedCaseId" label={l.relatedCaseId} rules={[{ required: true, message: m.required }]}>
              <CasePicker excludeId={caseId} />
            </Form.Item>
            {link.error && <ErrorAlert error={link.error} fieldsShownElsewhere={placed} />}
          </Form>
        </Modal>
      )}
    </>
  );
}
