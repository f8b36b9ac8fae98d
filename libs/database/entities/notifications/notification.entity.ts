import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from '@libs/contracts/notifications';

/**
 * One in-app notification for one person. (case, event sequence, kind, recipient) is the natural key that makes the
 * `notify` activity idempotent.
 */
@Entity({ name: 'notifications' })
@Index('ux_notifications_event_kind_recipient', ['caseId', 'eventSequence', 'kind', 'recipientUserId'], {
  unique: true,
})
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'recipient_user_id', type: 'uuid' })
  recipientUserId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'event_sequence', type: 'integer' })
  eventSequence!: number;

  @Column({ type: 'varchar', length: 64 })
  kind!: NotificationKind;

  @Column({ name: 'title_vi', type: 'text' })
  titleVi!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'body_vi', type: 'text' })
  bodyVi!: string;

  @Column({ name: 'body_en', type: 'text' })
  bodyEn!: string;

  @Column({ type: 'text' })
  link!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
