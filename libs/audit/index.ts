export * from './audit-projector';
export * from './audit-projector.service';
