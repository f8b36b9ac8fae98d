export * from './sla-policy-selection';
