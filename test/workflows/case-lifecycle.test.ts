import type { INestApplicationContext } from '@nestjs/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import Ajv from 'ajv';
import {
  allowedActionsQuery,
  CASE_EVENT_PAYLOAD_SCHEMAS,
  caseStateQuery,
  readCaseEventRow,
  type CaseEventRow,
} from '@libs/contracts';
import { CASE_EVENT_TYPES } from '@libs/domain';
import {
  act,
  caseInput,
  fastPolicySet,
  loggedEvents,
  projection,
  refusalCode,
  refusalCodeOf,
  settled,
  startCase,
  testActors,
  type TestActors,
} from '../support/cases';
import { saveHistory } from '../support/histories';
import { eventually, pgClient, startWorker, temporalClient, testConfig } from '../support/stack';
import { insertUsers } from '../support/users';

/**
 * The case workflow against the real Temporal dev server, with the real activities writing to PostgreSQL and the
 * `fast-test` answer-target policies (seconds, on an always-working calendar).
 */
describe('case lifecycle', () => {
  const config = testConfig();
  const who: TestActors = testActors();
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: PgClient;

  beforeAll(async () => {
    [worker, temporal, db] = await Promise.all([startWorker(config), temporalClient(), pgClient()]);
    await insertUsers(db, Object.values(who));
  });

  afterAll(async () => {
    await Promise.all([worker?.close(), temporal?.close(), db?.end()]);
  });

  const start = (overrides: Parameters<typeof caseInput>[1] = {}) =>
    startCase(temporal.client, config.temporal.taskQueue, caseInput(who.official, overrides));

  const types = async (handle: WorkflowHandle) =>
    (await loggedEvents(db, handle.workflowId)).map((event) => event.type);

  describe('every row of the action table', () => {
    it('raise → handle locally → resolve → closed → reopen → withdraw', async () => {
      const handle = await start();
      await expect(
        act(handle, who.official, { type: 'handle_locally', note: 'Đã hướng dẫn xã.' }),
      ).resolves.toMatchObject({
        status: 'local_handling',
      });
      await expect(
        act(handle, who.official, { type: 'resolve', outcome: 'Xã đã bố trí xong.' }),
      ).resolves.toMatchObject({
        status: 'closed',
      });
      expect(await projection(db, handle.workflowId)).toMatchObject({ status: 'closed', close_reason: 'resolved' });
      await expect(
        act(handle, who.official, { type: 'reopen', reason: 'Phát sinh vướng mắc mới.' }),
      ).resolves.toMatchObject({
        status: 'local_handling',
      });
      await expect(
        act(handle, who.official, { type: 'withdraw', reason: 'Xã đã tự giải quyết.' }),
      ).resolves.toMatchObject({
        status: 'closed',
      });
      expect(await types(handle)).toEqual([
        'case_reported',
        'local_handling_started',
        'case_resolved',
        'case_closed',
        'case_reopened',
        'case_withdrawn',
        'case_closed',
      ]);
      const row = await projection(db, handle.workflowId);
      expect(row).toMatchObject({ status: 'closed', close_reason: 'withdrawn', resolved_at: null });
      await handle.result(); // a withdrawn case's workflow completes
      await saveHistory('local-resolve-reopen-withdraw', handle);
    });

    it('escalate to the unit head → request info (clock paused) → provide info → answer → resolve', async () => {
      const handle = await start();
      const escalated = await act(handle, who.official, {
        type: 'escalate',
        target: 'unit_head',
        question: 'Bố trí thế nào?',
      });
      expect(escalated).toMatchObject({ status: 'escalated', level: 'unit_head' });
      expect(escalated.answerDeadline).not.toBeNull();
      expect(await projection(db, handle.workflowId)).toMatchObject({
        assigned_unit_code: 'CCVC',
        escalation_level: 'unit_head',
      });

      await expect(
        act(handle, who.unitHead, { type: 'request_info', question: 'Gửi quyết định thành lập xã.' }),
      ).resolves.toMatchObject({
        status: 'awaiting_info',
        answerDeadline: null,
      });
      await expect(act(handle, who.official, { type: 'provide_info', information: 'Đã gửi.' })).resolves.toMatchObject({
        status: 'escalated',
      });
      await expect(
        act(handle, who.unitHead, {
          type: 'answer',
          text: 'Bố trí theo vị trí việc làm.',
          legalBasis: 'NĐ 33/2023',
          publishAsGuidance: true,
        }),
      ).resolves.toMatchObject({ status: 'answered', answerDeadline: null });
      await act(handle, who.official, { type: 'resolve', outcome: 'Đã thực hiện.' });

      const events = await loggedEvents(db, handle.workflowId);
      expect(events.map((event) => event.type)).toEqual([
        'case_reported',
        'case_escalated',
        'information_requested',
        'information_provided',
        'escalation_answered',
        'case_resolved',
        'case_closed',
      ]);
      const escalation = events[1];
      expect(escalation.deadline_at).not.toBeNull();
      expect(escalation.policy_id).toEqual(expect.any(String));
      expect(escalation.payload).toMatchObject({ level: 'unit_head', unitCode: 'CCVC', automatic: false });
      const answer = events[4];
      expect(answer.payload).toMatchObject({ publishAsGuidance: true, legalBasis: 'NĐ 33/2023', level: 'unit_head' });
      expect(answer.deadline_at).not.toBeNull(); // the deadline the answer was given under

      const notified = await db.query(
        `SELECT recipient_user_id, kind FROM notifications WHERE case_id = $1 ORDER BY event_sequence, kind`,
        [handle.workflowId],
      );
      expect(notified.rows).toEqual(
        expect.arrayContaining([
          { recipient_user_id: who.unitHead.userId, kind: 'escalation_received' },
          { recipient_user_id: who.official.userId, kind: 'information_requested' },
          { recipient_user_id: who.unitHead.userId, kind: 'information_provided' },
          { recipient_user_id: who.official.userId, kind: 'escalation_answered' },
        ]),
      );
      // A unit head of another unit is not told about this escalation.
      expect(notified.rows.map((row: { recipient_user_id: string }) => row.recipient_user_id)).not.toContain(
        who.otherUnitHead.userId,
      );
      await saveHistory('escalate-info-answer-resolve', handle);
    });

    it('escalate to the Working Group → forward to leadership → answer → escalate again → propose policy → decide', async () => {
      const handle = await start({ priority: 'low' });
      await act(handle, who.official, {
        type: 'escalate',
        target: 'working_group',
        question: 'Xin ý kiến Tổ công tác.',
      });
      const forwarded = await act(handle, who.workingGroup, {
        type: 'forward',
        toLevel: 'leadership',
        reason: 'Cần Lãnh đạo Bộ quyết.',
      });
      expect(forwarded).toMatchObject({ status: 'escalated', level: 'leadership' });
      await act(handle, who.leadership, { type: 'answer', text: 'Đồng ý phương án.', publishAsGuidance: false });
      await act(handle, who.official, {
        type: 'escalate',
        target: 'working_group',
        question: 'Còn vướng khi thực hiện.',
      });
      await expect(
        act(handle, who.workingGroup, { type: 'propose_policy', proposal: 'Sửa Nghị định.' }),
      ).resolves.toMatchObject({
        status: 'policy_proposed',
      });
      await expect(
        act(handle, who.leadership, { type: 'decide_policy', decision: 'needs_study', note: 'Giao nghiên cứu.' }),
      ).resolves.toMatchObject({
        status: 'closed',
      });
      expect(await types(handle)).toEqual([
        'case_reported',
        'case_escalated',
        'escalation_forwarded',
        'escalation_answered',
        'case_escalated',
        'policy_proposed',
        'policy_decided',
        'case_closed',
      ]);
      const events = await loggedEvents(db, handle.workflowId);
      expect(events[2].payload).toMatchObject({
        fromLevel: 'working_group',
        toLevel: 'leadership',
        reason: 'Cần Lãnh đạo Bộ quyết.',
      });
      expect(events[2].deadline_at!.getTime()).toBeGreaterThan(events[1].deadline_at!.getTime()); // a fresh allowance
      expect(await projection(db, handle.workflowId)).toMatchObject({
        close_reason: 'policy_decided',
        status: 'closed',
      });
      await handle.result();
      await saveHistory('wg-forward-answer-policy', handle);
    });

    it('an official proposes policy from local handling', async () => {
      const handle = await start();
      await act(handle, who.official, { type: 'handle_locally', note: 'Đang hướng dẫn.' });
      await act(handle, who.official, { type: 'propose_policy', proposal: 'Bổ sung hướng dẫn.' });
      await act(handle, who.leadership, { type: 'decide_policy', decision: 'accepted' });
      expect(await types(handle)).toEqual([
        'case_reported',
        'local_handling_started',
        'policy_proposed',
        'policy_decided',
        'case_closed',
      ]);
      await saveHistory('local-policy-accepted', handle);
    });

    it('forwards to another unit and reassigns within the Working Group', async () => {
      const handle = await start();
      await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Thuộc đơn vị nào?' });
      await act(handle, who.unitHead, {
        type: 'forward',
        toUnitCode: 'TCBC',
        reason: 'Thuộc lĩnh vực tổ chức bộ máy.',
      });
      expect(await projection(db, handle.workflowId)).toMatchObject({
        assigned_unit_code: 'TCBC',
        escalation_level: 'unit_head',
      });
      // The first unit can no longer answer; the new one can.
      expect(
        await refusalCode(act(handle, who.unitHead, { type: 'answer', text: 'x', publishAsGuidance: false })),
      ).toBe('NOT_ASSIGNED_LEVEL');
      await act(handle, who.workingGroup, {
        type: 'reassign',
        assigneeUserId: who.otherUnitHead.userId,
        reason: 'Phụ trách.',
      });
      expect(await projection(db, handle.workflowId)).toMatchObject({ assignee_user_id: who.otherUnitHead.userId });
      await act(handle, who.otherUnitHead, { type: 'answer', text: 'Trả lời.', publishAsGuidance: false });
      expect(await types(handle)).toEqual([
        'case_reported',
        'case_escalated',
        'escalation_forwarded',
        'assignee_changed',
        'escalation_answered',
      ]);
      const reassigned = await db.query(
        `SELECT 1 FROM notifications WHERE case_id = $1 AND kind = 'case_reassigned' AND recipient_user_id = $2`,
        [handle.workflowId, who.otherUnitHead.userId],
      );
      expect(reassigned.rowCount).toBe(1);
      await saveHistory('forward-unit-reassign', handle);
    });

    it('merges a duplicate: the duplicate closes with a link, the surviving case lists it', async () => {
      const survivor = await start();
      const duplicate = await start({ title: 'Trùng: bố trí công chức dôi dư' });
      await expect(
        act(duplicate, who.workingGroup, {
          type: 'merge',
          intoCaseId: survivor.workflowId,
          caseId: duplicate.workflowId,
        }),
      ).resolves.toMatchObject({
        status: 'closed',
      });
      expect(await projection(db, duplicate.workflowId)).toMatchObject({
        close_reason: 'merged',
        merged_into_case_id: survivor.workflowId,
      });
      await eventually(async () => ((await types(survivor)).includes('duplicate_merged_in') ? true : undefined));
      const state = await survivor.query(caseStateQuery);
      expect(state.model.recentDuplicates).toEqual([duplicate.workflowId]);
      expect(state.model.duplicateCount).toBe(1);
      const merged = await db.query('SELECT id FROM cases WHERE merged_into_case_id = $1', [survivor.workflowId]);
      expect(merged.rows).toEqual([{ id: duplicate.workflowId }]);
      await duplicate.result();
      await saveHistory('merge-duplicate', duplicate);
      await saveHistory('merge-survivor', survivor);
    });
  });

  describe('refusals: the history does not grow and the code says why', () => {
    it.each([
      ['CASE_NOT_ESCALATED', 'unitHead', { type: 'answer', text: 'x', publishAsGuidance: false }],
      ['ROLE_NOT_ALLOWED', 'personnel', { type: 'escalate', target: 'unit_head', question: 'x' }],
      ['NOT_CASE_OWNER', 'otherOfficial', { type: 'escalate', target: 'unit_head', question: 'x' }],
      ['INVALID_INPUT', 'official', { type: 'escalate', target: 'unit_head', question: '   ' }],
      ['CASE_NOT_AWAITING_INFO', 'official', { type: 'provide_info', information: 'x' }],
      ['INVALID_TRANSITION', 'official', { type: 'resolve', outcome: 'x' }],
      ['ROLE_NOT_ALLOWED', 'official', { type: 'decide_policy', decision: 'accepted' }],
    ] as const)('%s (%s)', async (code, actorName, action) => {
      const handle = await start();
      const before = await settled(handle);
      expect(await refusalCode(act(handle, who[actorName], action as never))).toBe(code);
      expect((await handle.describe()).historyLength).toBe(before);
      expect(await types(handle)).toEqual(['case_reported']);
    });

    it('NOT_ASSIGNED_LEVEL, INVALID_FORWARD, MERGE_INTO_SELF, ALREADY_ANSWERED, CASE_CLOSED', async () => {
      const handle = await start();
      await act(handle, who.official, { type: 'escalate', target: 'working_group', question: 'Hỏi.' });
      expect(
        await refusalCode(act(handle, who.unitHead, { type: 'answer', text: 'x', publishAsGuidance: false })),
      ).toBe('NOT_ASSIGNED_LEVEL');
      expect(
        await refusalCode(act(handle, who.workingGroup, { type: 'forward', toLevel: 'unit_head', reason: 'x' })),
      ).toBe('INVALID_FORWARD');
      expect(
        await refusalCode(
          act(handle, who.workingGroup, { type: 'merge', intoCaseId: handle.workflowId, caseId: handle.workflowId }),
        ),
      ).toBe('MERGE_INTO_SELF');
      await act(handle, who.workingGroup, { type: 'answer', text: 'Trả lời.', publishAsGuidance: false });
      expect(
        await refusalCode(act(handle, who.leadership, { type: 'answer', text: 'y', publishAsGuidance: false })),
      ).toBe('ALREADY_ANSWERED');
      await act(handle, who.official, { type: 'withdraw', reason: 'Không còn cần.' });
      await handle.result();
      await expect(act(handle, who.official, { type: 'reopen', reason: 'x' })).rejects.toThrow();
    });

    it('offers each person exactly the actions they may take, with the refusal code of the others', async () => {
      const handle = await start();
      await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Hỏi.' });
      const allowed = async (actor: (typeof who)[keyof typeof who]) =>
        (await handle.query(allowedActionsQuery, actor)).filter((entry) => entry.refusal === null).map((e) => e.type);
      expect((await allowed(who.unitHead)).sort()).toEqual(['answer', 'forward', 'request_info']);
      expect(await allowed(who.otherUnitHead)).toEqual([]);
      expect(await allowed(who.official)).toEqual(expect.arrayContaining(['withdraw', 'propose_policy']));
      const forOfficial = await handle.query(allowedActionsQuery, who.official);
      expect(forOfficial.find((entry) => entry.type === 'answer')?.refusal?.code).toBe('ROLE_NOT_ALLOWED');
      const forOther = await handle.query(allowedActionsQuery, who.otherUnitHead);
      expect(forOther.find((entry) => entry.type === 'answer')?.refusal?.code).toBe('NOT_ASSIGNED_LEVEL');
    });
  });

  it('two answers at once: exactly one wins, the other is told it was already answered', async () => {
    const handle = await start();
    await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Hỏi.' });
    const outcomes = await Promise.allSettled([
      act(handle, who.unitHead, { type: 'answer', text: 'Trả lời của đơn vị.', publishAsGuidance: false }),
      act(handle, who.workingGroup, { type: 'answer', text: 'Trả lời của Tổ công tác.', publishAsGuidance: false }),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(refusalCodeOf(lost[0].reason)).toBe('ALREADY_ANSWERED');
    expect((await types(handle)).filter((type) => type === 'escalation_answered')).toHaveLength(1);
  });

  it('reminds at 50% and 90%, escalates automatically on each missed deadline, and re-notifies at the top', async () => {
    // fast-test urgent: 4 s per level, re-notice every 3 s.
    const handle = await start({ priority: 'urgent' });
    await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Gấp.' });
    await eventually(async () => ((await types(handle)).includes('overdue_renotified') ? true : undefined), 30000, 200);
    const events = await loggedEvents(db, handle.workflowId);
    const summary = events.map((event) => [event.type, event.payload.level ?? null]);
    expect(summary.slice(0, 14)).toEqual([
      ['case_reported', null],
      ['case_escalated', 'unit_head'],
      ['deadline_reminder', 'unit_head'],
      ['deadline_reminder', 'unit_head'],
      ['deadline_breached', 'unit_head'],
      ['case_escalated', 'working_group'],
      ['deadline_reminder', 'working_group'],
      ['deadline_reminder', 'working_group'],
      ['deadline_breached', 'working_group'],
      ['case_escalated', 'leadership'],
      ['deadline_reminder', 'leadership'],
      ['deadline_reminder', 'leadership'],
      ['deadline_breached', 'leadership'],
      ['overdue_renotified', 'leadership'],
    ]);
    expect(events.filter((event) => event.type === 'deadline_reminder').map((event) => event.payload.percent)).toEqual([
      50, 90, 50, 90, 50, 90,
    ]);
    const automatic = events.filter((event) => event.type === 'case_escalated' && event.payload.automatic);
    expect(automatic.map((event) => event.actor_user_id)).toEqual(['system', 'system']);
    // Reminders come after half and nine tenths of the allowance (4 s), the breach after all of it.
    const escalatedAt = events[1].occurred_at.getTime();
    expect(events[2].occurred_at.getTime() - escalatedAt).toBeGreaterThanOrEqual(1900);
    expect(events[4].occurred_at.getTime() - escalatedAt).toBeGreaterThanOrEqual(3900);
    expect(await projection(db, handle.workflowId)).toMatchObject({ escalation_level: 'leadership', breach_count: 3 });

    const leaderNotices = await db.query(
      `SELECT kind FROM notifications WHERE case_id = $1 AND recipient_user_id = $2 ORDER BY created_at`,
      [handle.workflowId, who.leadership.userId],
    );
    expect(leaderNotices.rows.map((row: { kind: string }) => row.kind)).toEqual(
      expect.arrayContaining(['case_auto_escalated', 'deadline_reminder', 'deadline_breached', 'overdue_renotice']),
    );
    // Answering at the top stops the clock and the re-notices.
    await act(handle, who.leadership, { type: 'answer', text: 'Chỉ đạo.', publishAsGuidance: false });
    const after = (await types(handle)).length;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect((await types(handle)).length).toBe(after);
    await saveHistory('auto-escalation-to-top', handle);
  }, 60000);

  it('pauses the clock while awaiting information and resumes with the working time that was left', async () => {
    // fast-test normal: 8 s.
    const handle = await start({ priority: 'normal' });
    const escalated = await act(handle, who.official, { type: 'escalate', target: 'working_group', question: 'Hỏi.' });
    const firstDeadline = Date.parse(escalated.answerDeadline!);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const pausedAt = Date.now();
    await act(handle, who.workingGroup, { type: 'request_info', question: 'Bổ sung hồ sơ.' });
    const paused = await projection(db, handle.workflowId);
    expect(paused.answer_deadline).toBeNull();
    const remaining = Number(paused.deadline_remaining_ms);
    expect(Math.abs(remaining - (firstDeadline - pausedAt))).toBeLessThan(500);

    await new Promise((resolve) => setTimeout(resolve, 6000)); // longer than what was left: no breach while paused
    expect(await types(handle)).not.toContain('deadline_breached');
    const resumedAt = Date.now();
    const resumed = await act(handle, who.official, { type: 'provide_info', information: 'Đã bổ sung.' });
    expect(Math.abs(Date.parse(resumed.answerDeadline!) - resumedAt - remaining)).toBeLessThan(500);
    // 3 s of the 8 s were used before the pause, so the 50 % reminder (at 4 s of working time) comes 1 s after resuming.
    const reminder = await eventually(
      async () => (await loggedEvents(db, handle.workflowId)).find((event) => event.type === 'deadline_reminder'),
      5000,
      50,
    );
    expect(reminder.payload.percent).toBe(50);
    expect(Math.abs(reminder.occurred_at.getTime() - resumedAt - (remaining - 4000))).toBeLessThan(600);
    await act(handle, who.workingGroup, { type: 'answer', text: 'Trả lời.', publishAsGuidance: false });
    await saveHistory('pause-resume', handle);
  }, 30000);

  it('falls back to the statutory allowance when no policy matches, instead of stalling the case', async () => {
    const handle = await start({ policySet: 'no-such-policy-set', priority: 'high' });
    const escalated = await act(handle, who.official, { type: 'escalate', target: 'working_group', question: 'Hỏi.' });
    expect(escalated.status).toBe('escalated');
    const events = await loggedEvents(db, handle.workflowId);
    expect(events[1]).toMatchObject({ type: 'case_escalated', policy_id: 'statutory-fallback.high' });
    expect(events[1].payload).toMatchObject({ allowanceMs: 2 * 8 * 3600_000, calendarId: 'vn-civil-service' });
  });

  it('keeps the timeline in the log, with the deadline and policy in force, and no per-event list in its state', async () => {
    const handle = await start();
    await act(handle, who.official, { type: 'escalate', target: 'unit_head', question: 'Hỏi.' });
    const events = await loggedEvents(db, handle.workflowId);
    expect(events.map((event) => event.type)).toEqual(['case_reported', 'case_escalated']);
    const state = await handle.query(caseStateQuery);
    expect(events[1]).toMatchObject({
      status_after: 'escalated',
      escalation_level_after: 'unit_head',
      policy_id: state.model.deadline?.policy.policyId,
      deadline_at: new Date(state.projection.answerDeadline!),
    });
    expect(JSON.stringify(state)).not.toContain('Xã mới có năm công chức'); // the description lives in the first event only
  });

  it('continues as new before history grows large, keeping its state and numbering', async () => {
    const policySet = await fastPolicySet({ name: 'fast-history-60', historyEventLimit: 60 });
    const handle = await start({ policySet });
    const firstRun = (await handle.describe()).runId;
    for (let round = 0; round < 6; round += 1) {
      await act(handle, who.official, { type: 'escalate', target: 'working_group', question: `Vòng ${round}` });
      await act(handle, who.workingGroup, { type: 'answer', text: `Trả lời ${round}`, publishAsGuidance: false });
    }
    await eventually(async () => ((await handle.describe()).runId !== firstRun ? true : undefined), 10000);
    const state = await handle.query(caseStateQuery);
    expect(state.runGeneration).toBeGreaterThanOrEqual(1);
    expect(state.model.lastEventSequence).toBe(13);
    await act(handle, who.official, { type: 'resolve', outcome: 'Xong.' });
    const sequences = (await loggedEvents(db, handle.workflowId)).map((event) => event.sequence);
    expect(sequences).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    await saveHistory('continued-as-new', handle); // the latest run: it starts from the carried state
  }, 60000);

  it('a resolved case stays reopenable for the window, then its workflow completes', async () => {
    const policySet = await fastPolicySet({ name: 'fast-reopen-2s', reopenWindowSeconds: 2 });
    const handle = await start({ policySet });
    await act(handle, who.official, { type: 'handle_locally', note: 'x' });
    await act(handle, who.official, { type: 'resolve', outcome: 'Xong.' });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  // Last in this file (jest runs a file's tests in order): every event the suite wrote, through the typed reader.
  it('every event type the lifecycle writes reads through the typed reader and matches its published schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
    const validators = Object.fromEntries(
      Object.entries(CASE_EVENT_PAYLOAD_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
    );
    const { rows } = await db.query<CaseEventRow>(
      `SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.raised_by_user_id = $1 ORDER BY e.id`,
      [who.official.userId],
    );
    const seen = new Set<string>();
    for (const row of rows) {
      const event = readCaseEventRow(row);
      seen.add(event.type);
      const validate = validators[event.type];
      if (!validate(event.payload)) {
        throw new Error(
          `${event.type} #${event.sequence}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(event.payload)}`,
        );
      }
    }
    expect([...seen].sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });
});
