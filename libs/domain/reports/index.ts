export * from './report-cycle';
export * from './report-figures';
