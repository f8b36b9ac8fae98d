import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CASE_WORKFLOW_TYPE, caseActionUpdates, type CaseWorkflowInput } from '@libs/contracts';
import type { Actor, CaseAction, CasePriority, Role } from '@libs/domain';

type DemoActor = 'official' | 'unitHead' | 'workingGroup' | 'leadership';

interface DemoCasePlan {
  key: string;
  official: string;
  field: string;
  priority: CasePriority;
  title: string;
  description: string;
  /** Applied in order through the workflow's updates, so each demo case has a real history and real deadlines. */
  steps: { by: DemoActor; action: CaseAction }[];
}

/** Unit heads the demo seed creates, by the field whose escalations they answer. */
const UNIT_HEAD_BY_FIELD: Record<string, string> = {
  civil_service: 'unithead.ccvc',
  local_government: 'unithead.cqdp',
  administrative_organisation: 'unithead.tcbc',
  labour_wages_social_insurance: 'unithead.tlbhxh',
};

const q = (question: string) => ({ type: 'escalate', target: 'unit_head', question }) as const;

/** Invented, but typical of what communes asked in the first months of the two-tier model. */
const PLANS: DemoCasePlan[] = [
  {
    key: 'reported',
    official: 'official',
    field: 'civil_service',
    priority: 'normal',
    title: 'Xếp lương công chức cấp xã chuyển từ cấp huyện về',
    description: 'Công chức trước đây thuộc UBND huyện nay công tác tại xã; chưa rõ cách chuyển xếp lương và phụ cấp.',
    steps: [],
  },
  {
    key: 'local',
    official: 'official.hcm',
    field: 'local_government',
    priority: 'low',
    title: 'Tên gọi các tổ dân phố sau khi nhập phường',
    description: 'Phường mới có hai tổ dân phố trùng tên; người dân hỏi thủ tục đổi tên.',
    steps: [
      {
        by: 'official',
        action: {
          type: 'handle_locally',
          note: 'Đã hướng dẫn phường lập phương án đổi tên theo quy chế tổ chức tổ dân phố.',
        },
      },
    ],
  },
  {
    key: 'escalated-unit',
    official: 'official',
    field: 'civil_service',
    priority: 'high',
    title: 'Bố trí công chức văn phòng - thống kê dôi dư',
    description: 'Xã hình thành từ ba xã cũ có năm công chức văn phòng - thống kê, vượt số lượng được giao.',
    steps: [{ by: 'official', action: q('Số công chức dôi dư được bố trí sang vị trí khác hay giải quyết chế độ?') }],
  },
  {
    key: 'awaiting-info',
    official: 'official.danang',
    field: 'administrative_organisation',
    priority: 'normal',
    title: 'Thành lập trung tâm phục vụ hành chính công cấp xã',
    description: 'Đặc khu hỏi mô hình tổ chức trung tâm phục vụ hành chính công và biên chế.',
    steps: [
      { by: 'official', action: q('Trung tâm phục vụ hành chính công cấp xã là đơn vị gì, biên chế lấy từ đâu?') },
      {
        by: 'unitHead',
        action: { type: 'request_info', question: 'Đề nghị gửi đề án sắp xếp và số biên chế hiện có.' },
      },
    ],
  },
  {
    key: 'answered',
    official: 'official.hcm',
    field: 'local_government',
    priority: 'urgent',
    title: 'Thẩm quyền ký văn bản của Chủ tịch UBND phường trong thời gian chờ kiện toàn',
    description: 'Phường chưa có Phó Chủ tịch phụ trách; hỏi việc ủy quyền ký văn bản.',
    steps: [
      { by: 'official', action: q('Chủ tịch UBND phường có được ủy quyền cho công chức ký thay không?') },
      {
        by: 'unitHead',
        action: {
          type: 'answer',
          text: 'Không ủy quyền cho công chức ký thay; Chủ tịch ký hoặc phân công Phó Chủ tịch theo quy chế làm việc.',
          legalBasis: 'Luật Tổ chức chính quyền địa phương 2025',
          publishAsGuidance: true,
        },
      },
    ],
  },
  {
    key: 'resolved',
    official: 'official',
    field: 'civil_service',
    priority: 'normal',
    title: 'Tuyển dụng công chức cấp xã năm 2025',
    description: 'Xã hỏi có được tổ chức tuyển dụng công chức trong năm 2025 khi chưa hoàn thành sắp xếp.',
    steps: [
      {
        by: 'official',
        action: {
          type: 'handle_locally',
          note: 'Đã hướng dẫn xã rà soát vị trí việc làm trước khi đề xuất tuyển dụng.',
        },
      },
      {
        by: 'official',
        action: { type: 'resolve', outcome: 'Xã đã dừng tuyển dụng và hoàn thiện đề án vị trí việc làm.' },
      },
    ],
  },
  {
    key: 'policy-proposed',
    official: 'official.angiang',
    field: 'labour_wages_social_insurance',
    priority: 'high',
    title: 'Phụ cấp cho người hoạt động không chuyên trách ở đặc khu',
    description: 'Đặc khu Phú Quốc đề nghị cơ chế phụ cấp riêng cho người hoạt động không chuyên trách.',
    steps: [
      { by: 'official', action: { type: 'handle_locally', note: 'Đã tổng hợp ý kiến của đặc khu và Sở Nội vụ.' } },
      {
        by: 'official',
        action: { type: 'propose_policy', proposal: 'Đề nghị bổ sung hệ số phụ cấp khu vực cho đặc khu.' },
      },
    ],
  },
  {
    key: 'policy-decided',
    official: 'official.danang',
    field: 'administrative_organisation',
    priority: 'low',
    title: 'Mẫu con dấu của UBND đặc khu',
    description: 'Đề xuất thống nhất mẫu con dấu cho các đặc khu.',
    steps: [
      {
        by: 'official',
        action: { type: 'escalate', target: 'working_group', question: 'Mẫu con dấu của đặc khu theo quy định nào?' },
      },
      {
        by: 'workingGroup',
        action: { type: 'propose_policy', proposal: 'Ban hành hướng dẫn thống nhất mẫu con dấu của đặc khu.' },
      },
      {
        by: 'leadership',
        action: { type: 'decide_policy', decision: 'accepted', note: 'Giao Vụ Tổ chức - Biên chế chủ trì.' },
      },
    ],
  },
  {
    key: 'escalated-wg',
    official: 'official.hcm',
    field: 'records_archives',
    priority: 'normal',
    title: 'Lưu trữ hồ sơ của UBND quận cũ',
    description: 'Hồ sơ lưu trữ của quận giải thể chưa rõ giao cho phường nào quản lý.',
    steps: [
      {
        by: 'official',
        action: { type: 'escalate', target: 'working_group', question: 'Hồ sơ lưu trữ của quận giải thể giao về đâu?' },
      },
    ],
  },
  {
    key: 'escalated-leadership',
    official: 'official',
    field: 'people_with_merit',
    priority: 'urgent',
    title: 'Chi trả trợ cấp người có công khi đổi địa giới',
    description: 'Danh sách chi trả theo địa bàn cũ; người có công chuyển sang xã mới chưa được chi trả.',
    steps: [
      {
        by: 'official',
        action: {
          type: 'escalate',
          target: 'working_group',
          question: 'Xã mới có được chi trả theo danh sách của xã cũ không?',
        },
      },
      {
        by: 'workingGroup',
        action: { type: 'forward', toLevel: 'leadership', reason: 'Cần Lãnh đạo Bộ cho ý kiến về kinh phí.' },
      },
    ],
  },
  {
    key: 'withdrawn',
    official: 'official.angiang',
    field: 'youth',
    priority: 'low',
    title: 'Tổ chức Đoàn thanh niên ở xã mới',
    description: 'Câu hỏi thuộc thẩm quyền của Đoàn, không thuộc lĩnh vực của Bộ.',
    steps: [
      {
        by: 'official',
        action: { type: 'withdraw', reason: 'Không thuộc lĩnh vực quản lý của Bộ; đã chuyển Tỉnh đoàn.' },
      },
    ],
  },
];

/** A stable id per demo case, so re-running the seed finds the cases it made. */
function demoCaseId(key: string): string {
  const hex = createHash('sha1').update(`commune-case-engine demo case ${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function actorByUsername(dataSource: DataSource, username: string): Promise<Actor> {
  const rows: { id: string; roles: Role[]; unit_code: string | null; display_name: string }[] = await dataSource.query(
    `SELECT id, roles, unit_code, display_name FROM users WHERE username = $1`,
    [username],
  );
  const row = rows[0];
  if (!row) throw new Error(`demo account ${username} is missing; run the demo seed first`);
  return { userId: row.id, roles: row.roles, unitCode: row.unit_code, displayName: row.display_name };
}

async function communeIn(dataSource: DataSource, provinceCode: string, offset: number): Promise<string> {
  const rows: { code: string }[] = await dataSource.query(
    `SELECT code FROM communes WHERE province_code = $1 AND retired_at IS NULL ORDER BY code OFFSET $2 LIMIT 1`,
    [provinceCode, offset],
  );
  if (!rows[0]) throw new Error(`no commune in province ${provinceCode}`);
  return rows[0].code;
}

/**
 * Creates demo cases in every state across several provinces by driving real workflows (real events, deadlines and
 * notifications). Idempotent: a case whose workflow already exists is left as it is. Returns how many were created.
 */
export async function seedDemoCases(dataSource: DataSource, client: Client, taskQueue: string): Promise<number> {
  const actors: Record<Exclude<DemoActor, 'official' | 'unitHead'>, Actor> = {
    workingGroup: await actorByUsername(dataSource, 'workinggroup'),
    leadership: await actorByUsername(dataSource, 'leadership'),
  };
  let created = 0;
  for (const [index, plan] of PLANS.entries()) {
    const official = await actorByUsername(dataSource, plan.official);
    const deployment: { province_code: string }[] = await dataSource.query(
      `SELECT province_code FROM deployments WHERE user_id = $1 ORDER BY period_end DESC LIMIT 1`,
      [official.userId],
    );
    const provinceCode = deployment[0]?.province_code ?? '01';
    const caseId = demoCaseId(plan.key);
    const input: CaseWorkflowInput = {
      caseId,
      title: plan.title,
      description: plan.description,
      provinceCode,
      communeCode: await communeIn(dataSource, provinceCode, index),
      field: plan.field,
      priority: plan.priority,
      raisedBy: official,
      raisedAt: new Date().toISOString(),
    };
    try {
      await client.workflow.start(CASE_WORKFLOW_TYPE, { workflowId: caseId, taskQueue, args: [input] });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) continue;
      throw error;
    }
    created += 1;
    const handle = client.workflow.getHandle(caseId);
    for (const step of plan.steps) {
      const actor =
        step.by === 'official'
          ? official
          : step.by === 'unitHead'
            ? await actorByUsername(dataSource, UNIT_HEAD_BY_FIELD[plan.field] ?? 'workinggroup')
            : actors[step.by];
      await handle.executeUpdate(caseActionUpdates[step.action.type], { args: [{ actor, action: step.action }] });
    }
  }
  // A duplicate merged into the open civil-service escalation.
  const duplicateId = demoCaseId('merged-duplicate');
  const official = await actorByUsername(dataSource, 'official');
  try {
    await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: duplicateId,
      taskQueue,
      args: [
        {
          caseId: duplicateId,
          title: 'Công chức văn phòng - thống kê vượt định mức (trùng)',
          description: 'Cùng nội dung với vụ việc bố trí công chức dôi dư đã nêu.',
          provinceCode: '01',
          communeCode: await communeIn(dataSource, '01', 20),
          field: 'civil_service',
          priority: 'normal',
          raisedBy: official,
          raisedAt: new Date().toISOString(),
        } satisfies CaseWorkflowInput,
      ],
    });
    created += 1;
    await client.workflow.getHandle(duplicateId).executeUpdate(caseActionUpdates.merge, {
      args: [
        {
          actor: actors.workingGroup,
          action: { type: 'merge', intoCaseId: demoCaseId('escalated-unit'), caseId: duplicateId },
        },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return created;
}
