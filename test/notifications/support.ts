import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NotificationActivities } from '@activities/notification.activities';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@libs/config';
import type { NotificationKind, NotifyInput } from '@libs/contracts';
import { DatabaseModule } from '@libs/database';
import { notificationText } from '@libs/domain/notifications';

/** The notification activities built by Nest DI, as the worker builds them, with the given configuration. */
export async function notificationActivities(
  config: AppConfig,
): Promise<{ context: INestApplicationContext; activities: NotificationActivities }> {
  const context = await Test.createTestingModule({
    imports: [ConfigModule, DatabaseModule],
    providers: [NotificationActivities],
  })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  await context.init();
  return { context, activities: context.get(NotificationActivities) };
}

/** A notify input for a fresh case, worded by the real text function. */
export function notifyInput(
  audience: NotifyInput['audience'],
  overrides: Partial<NotifyInput> & { caseTitle?: string } = {},
): NotifyInput {
  const caseId = overrides.caseId ?? randomUUID();
  const kind: NotificationKind = overrides.kind ?? 'escalation_received';
  const text = notificationText(kind, {
    caseId,
    caseTitle: overrides.caseTitle ?? 'Vướng mắc về bố trí công chức dôi dư sau sáp nhập xã',
    level: 'unit_head',
    deadline: '2026-01-05T09:30:00Z',
    actorName: 'Lê Văn Cường',
  });
  return { caseId, eventSequence: 3, kind, audience, ...text, ...overrides };
}
