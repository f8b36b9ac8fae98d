import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Collapse, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import {
  ACTIONS_UNAVAILABLE,
  fetchAllowedActions,
  performCaseAction,
  type ActionBodies,
  type AllowedAction,
  type CaseActionType,
} from '../api/case-actions';
import { useI18n } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';
import { CaseLinkButton } from './CaseLinkButton';
import { ErrorAlert } from './ErrorAlert';
import { showFieldErrors } from './form-errors';
import { AssigneePicker, CasePicker, UnitPicker } from './Pickers';

/** Steps that cannot be taken back: the user confirms once more before they are sent. */
const IRREVERSIBLE: ReadonlySet<CaseActionType> = new Set(['withdraw', 'merge', 'resolve', 'decide_policy']);

type FieldKey = keyof Messages['actionField'];

/** The inputs each action's endpoint takes (its DTO), as form controls. Which actions are allowed is the API's call. */
function fieldsOf(
  type: CaseActionType,
  m: Messages,
  caseId: string,
  chosenUnit?: string,
): Array<{ name: FieldKey; required: boolean; control: ReactNode }> {
  const text = (rows = 4) => <Input.TextArea rows={rows} maxLength={20000} />;
  switch (type) {
    case 'handle_locally':
      return [{ name: 'note', required: true, control: text() }];
    case 'escalate':
      return [
        {
          name: 'target',
          required: true,
          control: (
            <Radio.Group>
              <Radio value="unit_head">{m.level.unit_head}</Radio>
              <Radio value="working_group">{m.level.working_group}</Radio>
            </Radio.Group>
          ),
        },
        { name: 'question', required: true, control: text() },
      ];
    case 'request_info':
      return [{ name: 'question', required: true, control: text() }];
    case 'provide_info':
      return [{ name: 'information', required: true, control: text() }];
    case 'answer':
      return [
        { name: 'text', required: true, control: text(6) },
        { name: 'legalBasis', required: false, control: <Input maxLength={2000} /> },
        { name: 'publishAsGuidance', required: false, control: <Checkbox>{m.actionField.publishAsGuidance}</Checkbox> },
      ];
    case 'forward':
      return [
        {
          name: 'toLevel',
          required: false,
          control: (
            <Select
              allowClear
              options={(['unit_head', 'working_group', 'leadership'] as const).map((level) => ({
                value: level,
                label: m.level[level],
              }))}
            />
          ),
        },
        { name: 'toUnitCode', required: false, control: <UnitPicker /> },
        { name: 'reason', required: true, control: text(3) },
      ];
    case 'reassign':
      return [
        { name: 'unitCode', required: false, control: <UnitPicker /> },
        { name: 'assigneeUserId', required: true, control: <AssigneePicker caseId={caseId} unitCode={chosenUnit} /> },
        { name: 'reason', required: false, control: text(3) },
      ];
    case 'resolve':
      return [{ name: 'outcome', required: true, control: text() }];
    case 'propose_policy':
      return [{ name: 'proposal', required: true, control: text(6) }];
    case 'decide_policy':
      return [
        {
          name: 'decision',
          required: true,
          control: (
            <Select
              options={(['accepted', 'rejected', 'needs_study'] as const).map((decision) => ({
                value: decision,
                label: m.decision[decision],
              }))}
            />
          ),
        },
        { name: 'note', required: false, control: text(3) },
      ];
    case 'withdraw':
      return [{ name: 'reason', required: true, control: text(3) }];
    case 'merge':
      return [{ name: 'intoCaseId', required: true, control: <CasePicker excludeId={caseId} /> }];
    case 'reopen':
      return [{ name: 'reason', required: true, control: text(3) }];
    default: {
      const unknownType: never = type;
      throw new Error(`unknown action ${String(unknownType)}`);
    }
  }
}

function ActionDialog({ caseId, type, onClose }: { caseId: string; type: CaseActionType; onClose: () => void }) {
  const { m } = useI18n();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [placed, setPlaced] = useState<string[]>([]);
  const chosenUnit = Form.useWatch('unitCode', form) as string | undefined;
  const fields = fieldsOf(type, m, caseId, chosenUnit);
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      performCaseAction(caseId, type, body as unknown as ActionBodies[typeof type]),
    onSuccess: () => {
      void message.success(m.case.actionDone);
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      void queryClient.invalidateQueries({ queryKey: ['my-work'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      onClose();
    },
    onError: (error) =>
      setPlaced(
        showFieldErrors(
          form,
          error,
          fields.map((field) => field.name),
        ),
      ),
  });
  const submit = (values: Record<string, unknown>) => {
    const body = Object.fromEntries(
      Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ''),
    );
    if (type === 'answer') body.publishAsGuidance = values.publishAsGuidance === true;
    if (!IRREVERSIBLE.has(type)) {
      act.mutate(body);
      return;
    }
    modal.confirm({
      title: m.action[type],
      content: m.case.irreversible,
      okText: m.confirm,
      cancelText: m.cancel,
      okButtonProps: { danger: true },
      onOk: () => act.mutate(body),
    });
  };
  return (
    <Modal
      open
      title={m.action[type]}
      onCancel={onClose}
      okText={m.action[type]}
      cancelText={m.cancel}
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={type === 'escalate' ? { target: 'unit_head' } : {}}
      >
        {fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={field.name === 'publishAsGuidance' ? undefined : m.actionField[field.name]}
            valuePropName={field.name === 'publishAsGuidance' ? 'checked' : 'value'}
            rules={field.required ? [{ required: true, message: m.required }] : []}
          >
            {field.control}
          </Form.Item>
        ))}
        {act.error && <ErrorAlert error={act.error} fieldsShownElsewhere={placed} />}
      </Form>
    </Modal>
  );
}

/** The case's action buttons, exactly as the API lists them: allowed ones to press, others with the reason why not. */
export function ActionPanel({ caseId }: { caseId: string }) {
  const { m, language } = useI18n();
  const [open, setOpen] = useState<CaseActionType | null>(null);
  const actions = useQuery({
    queryKey: ['case', caseId, 'actions'],
    queryFn: () => fetchAllowedActions(caseId),
  });
  const list: AllowedAction[] = actions.data ?? [];
  const allowed = list.filter((action) => action.allowed);
  const refused = list.filter((action) => !action.allowed);
  const endpointMissing = refused.length > 0 && refused.every((action) => action.refusal === ACTIONS_UNAVAILABLE);
  const reasonOf = (action: AllowedAction) =>
    action.refusal ? (language === 'vi' ? action.refusal.messageVi : action.refusal.messageEn) : '';

  return (
    <div data-testid="action-panel">
      <ErrorAlert error={actions.error} />
      {endpointMissing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          id="actions-unavailable"
          title={language === 'vi' ? ACTIONS_UNAVAILABLE.messageVi : ACTIONS_UNAVAILABLE.messageEn}
        />
      )}
      <Space wrap>
        {allowed.map((action) => (
          <Button
            key={action.type}
            type={IRREVERSIBLE.has(action.type) ? 'default' : 'primary'}
            danger={action.type === 'withdraw'}
            data-action={action.type}
            onClick={() => setOpen(action.type)}
          >
            {m.action[action.type]}
          </Button>
        ))}
        <CaseLinkButton caseId={caseId} />
        {/* One reason for all of them: said once, above. */}
        {endpointMissing &&
          refused.map((action) => (
            <Button key={action.type} disabled data-action={action.type} aria-describedby="actions-unavailable">
              {m.action[action.type]}
            </Button>
          ))}
      </Space>
      {refused.length > 0 && !endpointMissing && (
        <Collapse
          ghost
          items={[
            {
              key: 'refused',
              label: `${m.case.unavailable} (${refused.length})`,
              children: (
                <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {refused.map((action) => (
                    <li key={action.type} style={{ marginBottom: 8 }}>
                      <Button disabled data-action={action.type} aria-describedby={`refusal-${action.type}`}>
                        {m.action[action.type]}
                      </Button>{' '}
                      <Typography.Text type="secondary" id={`refusal-${action.type}`}>
                        {reasonOf(action)}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
      {open && <ActionDialog caseId={caseId} type={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
