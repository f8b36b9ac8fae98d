export * from './case/case-types';
export * from './reference/ministry-fields';
export * from './lifecycle';
export * from './timeline';
export * from './audit';
