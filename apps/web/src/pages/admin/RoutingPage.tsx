import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Select, Space, Table, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFields } from '../../components/reference';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** Which unit answers each field's escalations to a unit head, and changing it (admin). */
export default function RoutingPage() {
  const { m, fill, language } = useI18n();
  const r = m.admin.routing;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const fields = useFields();
  const units = useQuery({
    queryKey: ['reference', 'units'],
    queryFn: async () => unwrap(await api.GET('/api/reference/units')),
    staleTime: Infinity,
  });
  const route = useMutation({
    mutationFn: async ({ code, unitCode }: { code: string; unitCode: string }) =>
      unwrap(await api.PUT('/api/reference/fields/{code}/routing', { params: { path: { code } }, body: { unitCode } })),
    onSuccess: () => {
      void message.success(r.saved);
      void queryClient.invalidateQueries({ queryKey: ['reference', 'fields'] });
    },
  });
  const unitName = (code: string) => {
    const unit = units.data?.find((candidate) => candidate.code === code);
    return unit ? `${language === 'vi' ? unit.nameVi : unit.nameEn} (${unit.code})` : code;
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {r.title}
        </Typography.Title>
        <Typography.Text type="secondary">{r.hint}</Typography.Text>
      </div>
      <Card>
        <ErrorAlert error={fields.error ?? units.error ?? route.error} />
        <Table
          data-testid="field-routing"
          rowKey="code"
          size="small"
          loading={fields.isLoading}
          dataSource={fields.data ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          columns={[
            { title: r.field, render: (_, row) => (language === 'vi' ? row.nameVi : row.nameEn) },
            {
              title: r.unit,
              render: (_, row) => {
                const fieldName = language === 'vi' ? row.nameVi : row.nameEn;
                return (
                  <Select
                    aria-label={`${r.unit}: ${fieldName}`}
                    value={row.responsibleUnit.code}
                    style={{ minWidth: 280 }}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(units.data ?? []).map((unit) => ({ value: unit.code, label: unitName(unit.code) }))}
                    onChange={(unitCode: string) =>
                      void modal.confirm({
                        title: r.change,
                        content: fill(r.confirm, { field: fieldName, unit: unitName(unitCode) }),
                        okText: m.confirm,
                        cancelText: m.cancel,
                        onOk: () => route.mutateAsync({ code: row.code, unitCode }),
                      })
                    }
                  />
                );
              },
            },
            {
              title: r.changedAt,
              render: (_, row) =>
                typeof row.routingChangedAt === 'string' ? formatDateTime(row.routingChangedAt) : '',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
