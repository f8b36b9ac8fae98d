import type { INestApplicationContext } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { caseActionUpdates, CASE_WORKFLOW_TYPE } from '@libs/contracts';
import { loadPayloadEncryptionConfig, type AppConfig } from '@libs/config';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '@libs/temporal/payload-codec';
import { asRole, type Session } from '../support/auth';
import { caseApi } from '../support/case-api';
import { caseInput, loggedEvents, projection, testActors } from '../support/cases';
import {
  TEST_PAYLOAD_KEY_BASE64,
  TEST_PAYLOAD_KEY_ID,
  TEST_ROTATED_KEY_BASE64,
  TEST_ROTATED_KEY_ID,
} from '../support/payload-keys';
import { dataPayloadsIn, metadataText, rawHistory, rawText } from '../support/raw-history';
import {
  eventually,
  pgClient,
  startApi,
  startWorker,
  temporalClient,
  testConfig,
  type RunningApi,
} from '../support/stack';
import { insertUsers } from '../support/users';

/** A config like `base` whose payload keys are `keys` (`id:base64,...`) with `current` as the key for new data. */
function withKeys(base: AppConfig, keys: string, current: string): AppConfig {
  const payloadEncryption = loadPayloadEncryptionConfig(
    { TEMPORAL_PAYLOAD_KEYS: keys, TEMPORAL_PAYLOAD_KEY_ID: current },
    'test',
  );
  return { ...base, temporal: { ...base.temporal, payloadEncryption } };
}

const KEY_A = `${TEST_PAYLOAD_KEY_ID}:${TEST_PAYLOAD_KEY_BASE64}`;
const KEY_B = `${TEST_ROTATED_KEY_ID}:${TEST_ROTATED_KEY_BASE64}`;

/**
 * Case text in Temporal is AES-256-GCM ciphertext (README, "Case data in Temporal"): whoever reads the histories
 * without the key sees none of it, and whoever sends Temporal a payload without the key cannot act on a case.
 */
describe('case data encrypted in Temporal', () => {
  let db: PgClient;
  let plain: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    [db, plain] = await Promise.all([pgClient(), temporalClient(undefined, { encrypted: false })]);
  });

  afterAll(async () => {
    await Promise.all([db?.end(), plain?.close()]);
  });

  describe('with one key', () => {
    const config = testConfig();
    let api: RunningApi;
    let worker: INestApplicationContext;
    let official: Session;
    let unitHead: Session;

    beforeAll(async () => {
      [api, worker] = await Promise.all([startApi(config), startWorker(config)]);
      [official, unitHead] = await Promise.all([
        asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
        asRole(api.url, db, 'unit_head', { unitCode: 'CCVC' }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([api?.close(), worker?.close()]);
    });

    it('stores no title, description, question or answer in plaintext anywhere in the raw history', async () => {
      const marker = randomUUID().slice(0, 8);
      const title = `Tiêu đề bí mật ${marker}-title về bố trí công chức`;
      const description = `Mô tả có thông tin công dân ${marker}-description Nguyễn Thị Mẫu`;
      const question = `Câu hỏi ${marker}-question về chế độ`;
      const answer = `Trả lời ${marker}-answer: bố trí theo vị trí việc làm`;
      const cases = caseApi(api.url);
      const id = await cases.raise(official, { title, description });
      await cases.act(official, id, 'escalate', { target: 'unit_head', question });
      await cases.act(unitHead, id, 'answer', { text: answer, publishAsGuidance: false });

      const history = await rawHistory(plain.client, id);
      const raw = rawText(history);
      for (const secret of [marker, title, description, question, answer]) expect(raw).not.toContain(secret);

      // Every data payload is ciphertext under the current key, and they do carry the case: decrypted with the key,
      // the texts are there (so the search above looked in the right place).
      const payloads = dataPayloadsIn(history);
      expect(payloads.length).toBeGreaterThan(5);
      for (const { payload } of payloads) {
        expect(metadataText(payload, 'encoding')).toBe(ENCRYPTED_ENCODING);
        expect(metadataText(payload, KEY_ID_METADATA)).toBe(TEST_PAYLOAD_KEY_ID);
      }
      const codec = new AesGcmPayloadCodec(config.temporal.payloadEncryption!);
      const decrypted = rawText(payloads.map(({ payload }) => codec.decrypt(payload)));
      for (const secret of [title, description, question, answer]) expect(decrypted).toContain(secret);
    });

    it('refuses an unencrypted update sent straight to Temporal, changing nothing, and still takes proper ones', async () => {
      const cases = caseApi(api.url);
      const id = await cases.raise(official);
      const before = await loggedEvents(db, id);
      const projectionBefore = await projection(db, id);
      const acceptedUpdates = async () =>
        ((await rawHistory(plain.client, id)).events ?? []).filter(
          (event) => event.workflowExecutionUpdateAcceptedEventAttributes,
        ).length;
      const acceptedBefore = await acceptedUpdates();

      // Someone with raw access to Temporal but not the key claims to be leadership and closes the case.
      const forged = plain.client.workflow.getHandle(id).executeUpdate(caseActionUpdates.withdraw, {
        args: [{ actor: testActors().leadership, action: { type: 'withdraw', reason: 'Giả mạo.' } }],
      });
      const refusal = await forged.then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((refusal as WorkflowUpdateFailedError).cause?.message)).toMatch(/refused-not-encrypted/);

      expect(await loggedEvents(db, id)).toEqual(before);
      expect(await projection(db, id)).toEqual(projectionBefore);
      expect(await acceptedUpdates()).toBe(acceptedBefore);

      // The case is not stuck: the official's escalation through the API is applied.
      await expect(
        cases.act(official, id, 'escalate', { target: 'unit_head', question: 'Hỏi sau lần giả mạo.' }),
      ).resolves.toMatchObject({ status: 'escalated' });
      expect((await loggedEvents(db, id)).map((event) => event.type)).toEqual(['case_reported', 'case_escalated']);
    });

    it('never runs a case started without the key', async () => {
      const who = testActors();
      await insertUsers(db, [who.official]);
      const input = caseInput(who.official, { caseId: randomUUID() });
      const handle = await plain.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId: input.caseId,
        taskQueue: config.temporal.taskQueue,
        args: [input],
      });
      // The worker picks the task up and fails it: the input never reaches the workflow, nothing is recorded.
      await eventually(
        async () =>
          ((await handle.fetchHistory()).events ?? []).some((event) => event.workflowTaskFailedEventAttributes)
            ? true
            : undefined,
        15000,
      );
      expect(await loggedEvents(db, input.caseId)).toEqual([]);
      await handle.terminate('test finished');
    });
  });

  it('rotates the key mid-case: the case goes on, old payloads still decode, new ones carry the new key id', async () => {
    const base = testConfig();
    const onlyA = withKeys(base, KEY_A, TEST_PAYLOAD_KEY_ID);
    const aAndB = withKeys(base, `${KEY_A},${KEY_B}`, TEST_ROTATED_KEY_ID);

    let [api, worker] = await Promise.all([startApi(onlyA), startWorker(onlyA)]);
    let phase = 1;
    const stop = () => Promise.all([api.close(), worker.close()]);
    try {
      const [official, unitHead, workingGroup] = await Promise.all([
        asRole(api.url, db, 'official', { provinceCodes: ['01'] }),
        asRole(api.url, db, 'unit_head', { unitCode: 'CCVC' }),
        asRole(api.url, db, 'working_group'),
      ]);
      const finished = await caseApi(api.url).raise(official, { title: 'Vụ việc đóng trước khi đổi khoá' });
      await caseApi(api.url).act(official, finished, 'handle-locally', { note: 'Đã hướng dẫn.' });
      await caseApi(api.url).act(official, finished, 'resolve', { outcome: 'Đã xong.' });
      const ongoing = await caseApi(api.url).raise(official);
      await caseApi(api.url).act(official, ongoing, 'escalate', {
        target: 'unit_head',
        question: 'Trước khi đổi khoá.',
      });
      const eventsUnderA = (await rawHistory(plain.client, ongoing)).events?.length ?? 0;
      await stop();

      // Restarted with both keys, B current.
      phase = 2;
      [api, worker] = await Promise.all([startApi(aAndB), startWorker(aAndB)]);
      const cases = caseApi(api.url);
      await expect(
        cases.act(unitHead, ongoing, 'answer', { text: 'Trả lời sau khi đổi khoá.', publishAsGuidance: false }),
      ).resolves.toMatchObject({ status: 'answered' });
      await expect(cases.act(official, ongoing, 'resolve', { outcome: 'Xong.' })).resolves.toMatchObject({
        status: 'closed',
      });
      expect((await loggedEvents(db, ongoing)).map((event) => event.type)).toEqual(
        expect.arrayContaining(['case_reported', 'case_escalated', 'escalation_answered', 'case_resolved']),
      );

      const events = (await rawHistory(plain.client, ongoing)).events ?? [];
      const keyIds = (from: number, to?: number) =>
        new Set(dataPayloadsIn(events.slice(from, to)).map(({ payload }) => metadataText(payload, KEY_ID_METADATA)));
      expect(keyIds(0, eventsUnderA)).toEqual(new Set([TEST_PAYLOAD_KEY_ID]));
      expect(keyIds(eventsUnderA)).toEqual(new Set([TEST_ROTATED_KEY_ID]));

      // The case closed under key A still decodes, through the codec endpoint of the restarted API.
      const oldPayloads = dataPayloadsIn(await rawHistory(plain.client, finished)).map(({ payload }) => ({
        metadata: Object.fromEntries(
          Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
        ),
        data: Buffer.from(payload.data!).toString('base64'),
      }));
      const decoded = await request(api.url)
        .post('/api/temporal-codec/decode')
        .set(workingGroup.authHeader)
        .send({ payloads: oldPayloads })
        .expect(200);
      const texts = (decoded.body.payloads as { data: string }[])
        .map((payload) => Buffer.from(payload.data, 'base64').toString('utf8'))
        .join('\n');
      expect(texts).toContain('Vụ việc đóng trước khi đổi khoá');
    } finally {
      if (phase > 0) await stop();
    }
  });
});
