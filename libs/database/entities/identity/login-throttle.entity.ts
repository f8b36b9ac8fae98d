import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed logins for one (username, client address) within the current window; shared by all API processes. */
@Entity({ name: 'login_throttle' })
@Index('ix_login_throttle_window_started_at', ['windowStartedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt!: Date;
}
