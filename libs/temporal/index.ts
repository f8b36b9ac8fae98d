export * from './workflow-bundle';
