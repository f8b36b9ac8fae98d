export * from './identity-writes';
export * from './passwords';
export * from './usernames';
export * from './vietnam-dates';
