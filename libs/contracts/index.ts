export * from './task-queues';
export * from './search-attributes';
export * from './case-workflow';
export * from './sla';
export * from './notifications';
export * from './request-headers';
export * from './case-events';
export * from './deployment-workflow';
