export * from './app-config';
export * from './auth-config';
export * from './config.module';
export * from './http-config';
export * from './log-config';
export * from './payload-encryption-config';
export * from './request-context';
export * from './temporal-config';
