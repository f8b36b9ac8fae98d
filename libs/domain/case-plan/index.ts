export * from './case-model';
export * from './case-planner';
