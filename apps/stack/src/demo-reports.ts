import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startDeploymentWorkflows } from '@libs/reporting/deployment-runs';
import { insertEvent } from '@libs/reporting/deployment-events';
import { findDeployment } from '@libs/reporting/report-data';
import { writeReportVersion } from '@libs/reporting/report-writes';
import { CURRENT_DEMO_DECISION_NUMBER } from './seed-demo';

const DEMO_NARRATIVE: Record<string, string> = {
  general:
    'Các xã trên địa bàn cơ bản ổn định tổ chức bộ máy sau sắp xếp; một số xã còn lúng túng về bố trí công chức.',
  results: 'Đã làm việc với Sở Nội vụ và 5 xã; hướng dẫn trực tiếp các vướng mắc về chế độ, chính sách.',
  difficulties: 'Chưa có hướng dẫn về bố trí công chức dôi dư sau hợp nhất xã.',
  proposals: 'Đề nghị Bộ sớm ban hành văn bản hướng dẫn bố trí công chức dôi dư.',
  nextPlan: 'Tiếp tục làm việc với các xã vùng sâu, vùng xa.',
};

interface Options {
  /** How long to wait for the first drafts to be prepared by the workflows. */
  waitMs?: number;
}

/**
 * Demo reporting (never in production): every deployment of the current demo decision runs its workflow, which
 * drafts the weeks already over and marks those not submitted as late or missing; then the `official` account
 * submits its latest drafted week and asks for support, so a newcomer sees drafts ready, late, missing and submitted
 * reports and an open support request. Idempotent.
 */
export async function seedDemoReports(
  dataSource: DataSource,
  client: Client,
  taskQueue: string,
  options: Options = {},
): Promise<{ started: number; submitted: boolean }> {
  const deployments = await dataSource.query<{ id: string }[]>(
    `SELECT d.id FROM deployments d JOIN dispatch_decisions dd ON dd.id = d.decision_id WHERE dd.number = $1`,
    [CURRENT_DEMO_DECISION_NUMBER],
  );
  const started = await startDeploymentWorkflows(
    client,
    taskQueue,
    deployments.map((row) => row.id),
  );
  const own = await dataSource.query<{ id: string }[]>(
    `SELECT d.id FROM deployments d JOIN dispatch_decisions dd ON dd.id = d.decision_id
       JOIN users u ON u.id = d.user_id
      WHERE dd.number = $1 AND u.username = 'official' ORDER BY d.province_code LIMIT 1`,
    [CURRENT_DEMO_DECISION_NUMBER],
  );
  if (!own[0]) return { started, submitted: false };
  const deploymentId = own[0].id;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  let drafted: { id: string; kind: 'weekly'; window_start: Date; window_end: Date; current_version: number }[] = [];
  while (Date.now() < deadline) {
    drafted = await dataSource.query(
      `SELECT id, kind, window_start, window_end, current_version FROM reports
        WHERE deployment_id = $1 AND kind = 'weekly' AND figures IS NOT NULL AND cancelled_at IS NULL
        ORDER BY cycle_index DESC`,
      [deploymentId],
    );
    if (drafted.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const latest = drafted[0];
  if (!latest) return { started, submitted: false };
  if (drafted.some((report) => report.current_version > 0)) return { started, submitted: true };
  const deployment = (await findDeployment(dataSource, deploymentId))!;
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT 1 FROM reports WHERE id = $1 FOR UPDATE`, [latest.id]);
    await manager.query(`UPDATE reports SET narrative = $2 WHERE id = $1`, [latest.id, DEMO_NARRATIVE]);
    await writeReportVersion(manager, {
      reportId: latest.id,
      deployment,
      kind: 'weekly',
      window: { from: latest.window_start.toISOString(), to: latest.window_end.toISOString() },
      narrative: DEMO_NARRATIVE,
      version: 1,
      userId: deployment.userId,
      at: new Date(),
      correctionReason: null,
    });
    const supportId = randomUUID();
    await manager.query(
      `INSERT INTO support_requests (id, deployment_id, requested_by, title, body) VALUES ($1, $2, $3, $4, $5)`,
      [
        supportId,
        deploymentId,
        deployment.userId,
        'Đề nghị hỗ trợ phương tiện đi lại đến các xã vùng sâu',
        'Nhiều xã cách trung tâm tỉnh trên 60 km; đề nghị hỗ trợ phương tiện để làm việc trực tiếp tại xã.',
      ],
    );
    await insertEvent(manager, {
      deploymentId,
      eventKey: `support:${supportId}:requested`,
      type: 'support_requested',
      actorUserId: deployment.userId,
      occurredAt: new Date().toISOString(),
      payload: { supportRequestId: supportId },
    });
  });
  return { started, submitted: true };
}
