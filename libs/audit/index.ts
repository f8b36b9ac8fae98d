export * from './audit-projector';
export * from './audit-projector.service';
export * from './audit-rollups';
