export * from './case-audit';
