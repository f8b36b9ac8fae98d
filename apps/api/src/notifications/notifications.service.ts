import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseService } from '@libs/database';
import type { NotificationKind } from '@libs/contracts';
import { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed } from '../common/field-errors';
import {
  INBOX_PAGE_DEFAULT,
  type NotificationPageView,
  type NotificationView,
  type ReadAllResultView,
} from './dto/notifications.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  case_id: string;
  event_sequence: number;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  link: string;
  created_at: Date;
  /** created_at to the microsecond: the cursor must not lose precision JavaScript dates do not have. */
  created_at_exact: string;
  read_at: Date | null;
}

const COLUMNS = `id, kind, case_id, event_sequence, title_vi, title_en, body_vi, body_en, link, created_at, read_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact`;

interface Cursor {
  createdAt: string;
  id: string;
}

function encodeCursor(row: NotificationRow): string {
  return Buffer.from(`${row.created_at_exact}|${row.id}`, 'utf8').toString('base64url');
}

/** The exact form encodeCursor writes. */
const CURSOR_INSTANT = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A real instant in that form. Date.parse alone also takes "1", "June 5" or 30 February (rolled over), which
 * PostgreSQL refuses: the query failed with 500 instead of answering 400.
 */
function isCursorInstant(text: string | undefined): boolean {
  if (!text || !CURSOR_INSTANT.test(text)) return false;
  const instant = Date.parse(text);
  return !Number.isNaN(instant) && new Date(instant).toISOString().slice(0, 19) === text.slice(0, 19);
}

function decodeCursor(cursor: string): Cursor {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !id || !UUID.test(id) || !isCursorInstant(createdAt)) {
    throw validationFailed(
      fieldProblem(
        'cursor',
        'isCursor',
        'Không đúng; dùng giá trị nextCursor của trang trước.',
        'Not valid; pass the nextCursor of the previous page.',
      ),
    );
  }
  return { createdAt, id };
}

function view(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.case_id,
    eventSequence: row.event_sequence,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    bodyVi: row.body_vi,
    bodyEn: row.body_en,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

/** A person's notification inbox. Every query is scoped to the user: nobody reads or marks another's notices. */
@Injectable()
export class NotificationsService {
  constructor(private readonly database: DatabaseService) {}

  /** Newest first, keyset-paginated on (created_at, id), with the user's total unread count. */
  async list(
    userId: string,
    options: { unreadOnly?: boolean; cursor?: string; limit?: number } = {},
  ): Promise<NotificationPageView> {
    const cursor = options.cursor ? decodeCursor(options.cursor) : null;
    const limit = options.limit ?? INBOX_PAGE_DEFAULT;
    if (!UUID.test(userId)) return { items: [], nextCursor: null, unreadCount: 0 };
    const dataSource = this.database.ready;
    const [rows, counts] = await Promise.all([
      dataSource.query<NotificationRow[]>(
        `SELECT ${COLUMNS} FROM notifications
          WHERE recipient_user_id = $1
            AND (NOT $2::boolean OR read_at IS NULL)
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC
          LIMIT $5`,
        [userId, options.unreadOnly ?? false, cursor?.createdAt ?? null, cursor?.id ?? null, limit + 1],
      ),
      dataSource.query<{ unread: number }[]>(
        `SELECT count(*)::int AS unread FROM notifications WHERE recipient_user_id = $1 AND read_at IS NULL`,
        [userId],
      ),
    ]);
    const page = rows.slice(0, limit);
    return {
      items: page.map(view),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
      unreadCount: counts[0].unread,
    };
  }

  /** Marks one of the user's notifications read; reading it again keeps the first read time. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    if (!UUID.test(id) || !UUID.test(userId)) throw new ApiError(HttpStatus.NOT_FOUND, 'NOTIFICATION_NOT_FOUND');
    // For UPDATE, TypeORM's query() answers [rows, affected].
    const [rows]: [NotificationRow[], number] = await this.database.ready.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND recipient_user_id = $2
        RETURNING ${COLUMNS}`,
      [id, userId],
    );
    if (rows.length === 0) throw new ApiError(HttpStatus.NOT_FOUND, 'NOTIFICATION_NOT_FOUND');
    return view(rows[0]);
  }

  async markAllRead(userId: string): Promise<ReadAllResultView> {
    if (!UUID.test(userId)) return { marked: 0, unreadCount: 0 };
    const [, marked]: [unknown[], number] = await this.database.ready.query(
      `UPDATE notifications SET read_at = now() WHERE recipient_user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return { marked, unreadCount: 0 };
  }
}
