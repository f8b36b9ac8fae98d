export * from './notification-texts';
export * from './vietnam-time';
