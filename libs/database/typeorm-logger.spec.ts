import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { AppLogger } from '@libs/config/logger';
import { runWithRequestContext } from '@libs/config/request-context';
import { NestTypeOrmLogger } from './typeorm-logger';

describe('NestTypeOrmLogger', () => {
  it('logs a failed query with the request id and the SQL, never the parameters', () => {
    const lines: string[] = [];
    Logger.overrideLogger(new AppLogger('api', { format: 'json', level: 'info', write: (line) => lines.push(line) }));
    try {
      const typeorm: TypeOrmLogger = new NestTypeOrmLogger();
      runWithRequestContext({ requestId: 'req-9' }, () => {
        typeorm.logQuery('SELECT 1', ['ignored']);
        typeorm.logQueryError(
          new Error('duplicate key value violates unique constraint "users_username_key"'),
          'INSERT INTO users (username, password_hash)\n   VALUES ($1, $2)',
          ['lan.nguyen', '$argon2id$v=19$secret-hash'],
        );
      });
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('lan.nguyen');
    expect(lines[0]).not.toContain('argon2id');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'error', context: 'TypeORM', requestId: 'req-9' });
    expect(line.message).toBe(
      'query failed: duplicate key value violates unique constraint "users_username_key" — ' +
        'INSERT INTO users (username, password_hash) VALUES ($1, $2)',
    );
  });
});
