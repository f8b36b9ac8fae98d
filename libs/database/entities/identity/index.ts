import { DeploymentEntity } from './deployment.entity';
import { DispatchDecisionEntity } from './dispatch-decision.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export { REFRESH_TOKEN_REVOCATION_REASONS, type RefreshTokenRevocationReason } from './refresh-token.entity';
export { DeploymentEntity, DispatchDecisionEntity, LoginThrottleEntity, RefreshTokenEntity, UserEntity };

/** Accounts, sessions and dispatch data. */
export const IDENTITY_ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  DispatchDecisionEntity,
  DeploymentEntity,
];
