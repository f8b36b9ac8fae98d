/**
 * The audit figures (DOMAIN.md §7): what each one counts, written once and used three ways — the SQL of the
 * figure, the SQL of its drill-down (exactly the cases behind a row of it), and its definition in the API docs.
 *
 * Every figure reads the read models the projector keeps (`audit_cases` as `c`, `audit_level_stints` as `s`),
 * never the event log. Durations are reported in milliseconds, in working time (the level's working calendar)
 * and in calendar time. Medians and 90th percentiles are `percentile_cont` (linear interpolation) — exact from the
 * per-case rows, or estimated within 1% from the rollup's histograms (see ROLLUP_NOTE_*).
 */
export const AUDIT_FIGURES = [
  'first-answer',
  'resolution',
  'compliance',
  'auto-escalations',
  'backlog',
  'backlog-province',
  'backlog-field',
  'policy-proposals',
] as const;
export type AuditFigureName = (typeof AUDIT_FIGURES)[number];

export interface AuditFigureDefinition {
  name: AuditFigureName;
  titleVi: string;
  titleEn: string;
  definitionVi: string;
  definitionEn: string;
  /** 'case': one row of `c` per case; 'stint': one row of `s` (joined to its `c`) per level stint. */
  grain: 'case' | 'stint';
  /** Which rows take part. */
  member: string;
  /** The row's group key (a text expression); `key` of the figure row and of its drill-down. */
  key: string;
  /** Group ordering. */
  order: string;
  /** Aggregates per group (select list, without the key). */
  aggregates: string;
  /** Columns the `level` and `unitCode` filters apply to. */
  levelColumn: string;
  unitColumn: string;
}

/** How medians and p90 are computed (part of the definitions of first-answer and resolution). */
export const ROLLUP_NOTE_VI =
  'Trung vị và phân vị 90 tính chính xác (percentile_cont) khi nhóm có tối đa 20.000 vụ việc, khi lọc theo xã hoặc ' +
  'công chức hoặc theo từ ba trong bốn tiêu chí tỉnh, lĩnh vực, mức ưu tiên, đơn vị, hoặc khi precision=exact; với nhóm lớn hơn, chúng được ước lượng từ bảng tổng hợp (histogram theo ' +
  'thang log, mỗi khoảng rộng 2%) và sai lệch không quá 1% so với giá trị chính xác (computedFrom = "rollup", ' +
  'percentileTolerance = 0.01). Số vụ việc luôn chính xác.';
export const ROLLUP_NOTE_EN =
  'Medians and p90 are exact (percentile_cont) for cohorts of at most 20,000 cases, with a commune or official ' +
  'filter or three or more of the province, field, priority and unit filters, or with precision=exact; for larger cohorts they are estimated from the rollup (log-spaced histogram ' +
  'buckets 2% wide) and lie within 1% of the exact value (computedFrom = "rollup", percentileTolerance = 0.01). ' +
  'Case counts are always exact.';

const pct = (fraction: number, column: string): string =>
  `round(percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${column}))::bigint`;

const LEVEL_ORDER = `CASE %s WHEN 'unit_head' THEN 1 WHEN 'working_group' THEN 2 WHEN 'leadership' THEN 3 ELSE 4 END`;
const levelOrder = (column: string): string => LEVEL_ORDER.replace('%s', column);

/** Age of an open case in calendar days, bucketed. */
export const AGE_BUCKETS = ['0-7d', '7-30d', '30-90d', '90d+'] as const;
const AGE_BUCKET_SQL = `CASE WHEN now() - c.raised_at < interval '7 days' THEN '0-7d'
  WHEN now() - c.raised_at < interval '30 days' THEN '7-30d'
  WHEN now() - c.raised_at < interval '90 days' THEN '30-90d' ELSE '90d+' END`;

export const FIGURE_DEFINITIONS: Record<AuditFigureName, AuditFigureDefinition> = {
  'first-answer': {
    name: 'first-answer',
    titleVi: 'Thời gian đến ý kiến trả lời đầu tiên, theo cấp',
    titleEn: 'Time to first answer, per level',
    definitionVi:
      'Mỗi vụ việc đã được trả lời tính một lần: từ lần xin ý kiến đầu tiên đến ý kiến trả lời đầu tiên. ' +
      'Thời gian làm việc không tính thời gian chờ công chức bổ sung thông tin; thời gian lịch tính cả. ' +
      'Nhóm theo cấp đã trả lời. Bộ lọc cấp áp dụng cho cấp trả lời; bộ lọc đơn vị cho đơn vị được giao gần nhất. ' +
      ROLLUP_NOTE_VI,
    definitionEn:
      'Each answered case counts once: from its first escalation to its first answer. Working time excludes time ' +
      'waiting for information from the official; calendar time includes it. Grouped by the level that gave the ' +
      'answer. The level filter applies to that level; the unit filter to the last unit the case was routed to. ' +
      ROLLUP_NOTE_EN,
    grain: 'case',
    member: 'c.first_answer_at IS NOT NULL',
    key: `coalesce(c.first_answer_level, 'unknown')`,
    order: levelOrder('c.first_answer_level'),
    aggregates: `count(*)::int AS cases,
      ${pct(0.5, 'c.first_answer_working_ms')} AS median_working_ms,
      ${pct(0.9, 'c.first_answer_working_ms')} AS p90_working_ms,
      ${pct(0.5, 'c.first_answer_calendar_ms')} AS median_calendar_ms,
      ${pct(0.9, 'c.first_answer_calendar_ms')} AS p90_calendar_ms`,
    levelColumn: 'c.first_answer_level',
    unitColumn: 'c.unit_code',
  },
  resolution: {
    name: 'resolution',
    titleVi: 'Thời gian đến khi giải quyết xong, theo cấp cao nhất đã xin ý kiến',
    titleEn: 'Time to resolution, per highest level reached',
    definitionVi:
      'Mỗi vụ việc đã giải quyết tính một lần: từ khi nêu vụ việc đến lần giải quyết gần nhất (theo lịch làm việc ' +
      'và theo lịch). Nhóm theo cấp cao nhất vụ việc đã đến; "none" là vụ việc xử lý tại chỗ, không xin ý kiến. ' +
      ROLLUP_NOTE_VI,
    definitionEn:
      'Each resolved case counts once: from being raised to its latest resolution, in working and calendar time. ' +
      'Grouped by the highest escalation level the case reached; "none" means handled locally without escalation. ' +
      'The level filter applies to the highest level; the unit filter to the last unit routed to. ' +
      ROLLUP_NOTE_EN,
    grain: 'case',
    member: 'c.resolved_at IS NOT NULL',
    key: `coalesce(c.max_level, 'none')`,
    order: levelOrder('c.max_level'),
    aggregates: `count(*)::int AS cases,
      ${pct(0.5, 'c.resolution_working_ms')} AS median_working_ms,
      ${pct(0.9, 'c.resolution_working_ms')} AS p90_working_ms,
      ${pct(0.5, 'c.resolution_calendar_ms')} AS median_calendar_ms,
      ${pct(0.9, 'c.resolution_calendar_ms')} AS p90_calendar_ms`,
    levelColumn: 'c.max_level',
    unitColumn: 'c.unit_code',
  },
  compliance: {
    name: 'compliance',
    titleVi: 'Tỷ lệ trả lời đúng hạn, theo cấp và theo đơn vị',
    titleEn: 'Deadline compliance, per level and per unit',
    definitionVi:
      'Mỗi lượt ở một cấp (từ khi chuyển đến cấp đó đến khi trả lời, chuyển tiếp hoặc đóng) có kết luận khi đã trả ' +
      'lời hoặc đã quá hạn. Đúng hạn: trả lời không muộn hơn hạn đang áp dụng (hạn được lùi tương ứng thời gian chờ ' +
      'bổ sung thông tin) và chưa từng quá hạn. Lượt bị chuyển tiếp hoặc đóng trước hạn không tính. Khoá "level:…" ' +
      'nhóm theo cấp, "unit:…" theo đơn vị (chỉ cấp Thủ trưởng đơn vị). Bộ lọc cấp/đơn vị áp dụng cho lượt.',
    definitionEn:
      'Each stint at a level (from reaching it to its answer, forward or close) has a verdict once it was answered ' +
      'or its deadline was missed. On time: answered no later than the deadline in force (moved by the time spent ' +
      'waiting for information) and never breached. Stints forwarded or closed before their deadline have no ' +
      'verdict. Keys "level:…" group by level, "unit:…" by unit (unit-head level only). Level and unit filters apply ' +
      'to the stint.',
    grain: 'stint',
    member: '(s.answered_on_time IS NOT NULL OR s.breached_at IS NOT NULL)',
    key: `'level:' || s.level`,
    order: levelOrder('s.level'),
    aggregates: `count(*)::int AS stints,
      count(*) FILTER (WHERE s.answered_on_time AND s.breached_at IS NULL)::int AS on_time,
      count(*) FILTER (WHERE NOT (s.answered_on_time IS TRUE AND s.breached_at IS NULL))::int AS late,
      round(count(*) FILTER (WHERE s.answered_on_time AND s.breached_at IS NULL)::numeric / count(*), 4)::float8
        AS compliance`,
    levelColumn: 's.level',
    unitColumn: 's.unit_code',
  },
  'auto-escalations': {
    name: 'auto-escalations',
    titleVi: 'Tự động chuyển cấp do quá hạn',
    titleEn: 'Automatic escalations',
    definitionVi:
      'Mỗi lần hệ thống tự chuyển vụ việc lên cấp trên vì cấp dưới quá hạn trả lời. Khoá "cấp_dưới>cấp_trên". ' +
      'Bộ lọc cấp áp dụng cho cấp được chuyển đến; bộ lọc đơn vị cho đơn vị được giao gần nhất của vụ việc.',
    definitionEn:
      'Each time the system moved a case up because the level below missed its deadline. Key "from>to". The level ' +
      'filter applies to the level escalated to; the unit filter to the last unit the case was routed to.',
    grain: 'stint',
    member: `s.started_via = 'automatic'`,
    key: `coalesce(s.from_level, 'unknown') || '>' || s.level`,
    order: levelOrder('s.level'),
    aggregates: `count(*)::int AS escalations`,
    levelColumn: 's.level',
    unitColumn: 'c.unit_code',
  },
  backlog: {
    name: 'backlog',
    titleVi: 'Tồn đọng theo trạng thái và tuổi',
    titleEn: 'Backlog by state and age',
    definitionVi:
      'Các vụ việc chưa đóng tại thời điểm truy vấn, theo trạng thái hiện tại và tuổi tính từ khi nêu (ngày lịch): ' +
      'dưới 7 ngày, 7–30, 30–90, từ 90 ngày. Khoá "trạng_thái|nhóm_tuổi". Bộ lọc cấp áp dụng cho cấp hiện tại.',
    definitionEn:
      'Cases not closed at the time of the request, by current state and age since raised in calendar days: under ' +
      '7, 7–30, 30–90, 90 and over. Key "state|bucket". The level filter applies to the current level; the unit ' +
      'filter to the last unit routed to.',
    grain: 'case',
    member: `c.status <> 'closed'`,
    key: `c.status || '|' || ${AGE_BUCKET_SQL}`,
    order: `1`,
    aggregates: `count(*)::int AS cases, min(c.raised_at) AS oldest_raised_at`,
    levelColumn: 'c.current_level',
    unitColumn: 'c.unit_code',
  },
  'backlog-province': {
    name: 'backlog-province',
    titleVi: 'Tồn đọng theo tỉnh và tuổi',
    titleEn: 'Backlog by province and age',
    definitionVi:
      'Như "backlog" (các vụ việc chưa đóng, tuổi tính từ khi nêu theo ngày lịch), nhóm theo tỉnh. Khoá ' +
      '"mã_tỉnh|nhóm_tuổi". Bộ lọc cấp áp dụng cho cấp hiện tại.',
    definitionEn:
      'As "backlog" (cases not closed, age since raised in calendar days), grouped by province. Key ' +
      '"province|bucket". The level filter applies to the current level; the unit filter to the last unit routed to.',
    grain: 'case',
    member: `c.status <> 'closed'`,
    key: `c.province_code || '|' || ${AGE_BUCKET_SQL}`,
    order: `1`,
    aggregates: `count(*)::int AS cases, min(c.raised_at) AS oldest_raised_at`,
    levelColumn: 'c.current_level',
    unitColumn: 'c.unit_code',
  },
  'backlog-field': {
    name: 'backlog-field',
    titleVi: 'Tồn đọng theo lĩnh vực và tuổi',
    titleEn: 'Backlog by field and age',
    definitionVi: 'Như "backlog", nhóm theo lĩnh vực. Khoá "lĩnh_vực|nhóm_tuổi". Bộ lọc cấp áp dụng cho cấp hiện tại.',
    definitionEn:
      'As "backlog", grouped by field. Key "field|bucket". The level filter applies to the current level; the unit ' +
      'filter to the last unit routed to.',
    grain: 'case',
    member: `c.status <> 'closed'`,
    key: `c.field || '|' || ${AGE_BUCKET_SQL}`,
    order: `1`,
    aggregates: `count(*)::int AS cases, min(c.raised_at) AS oldest_raised_at`,
    levelColumn: 'c.current_level',
    unitColumn: 'c.unit_code',
  },
  'policy-proposals': {
    name: 'policy-proposals',
    titleVi: 'Đề xuất chính sách theo quyết định của Lãnh đạo Bộ',
    titleEn: 'Policy proposals by decision',
    definitionVi:
      'Các vụ việc đã được chuyển thành đề xuất chính sách, theo quyết định: accepted, rejected, needs_study, hoặc ' +
      'pending (chưa quyết định). Bộ lọc cấp áp dụng cho cấp cao nhất đã xin ý kiến.',
    definitionEn:
      'Cases turned into a policy proposal, by the leadership decision: accepted, rejected, needs_study, or pending ' +
      '(not decided yet). The level filter applies to the highest level reached; the unit filter to the last unit.',
    grain: 'case',
    member: 'c.policy_proposed_at IS NOT NULL',
    key: `coalesce(c.policy_decision, 'pending')`,
    order: '1',
    aggregates: `count(*)::int AS cases`,
    levelColumn: 'c.max_level',
    unitColumn: 'c.unit_code',
  },
};

/** Compliance is also grouped by unit: the same member rows, keyed "unit:<code>" (unit-head stints only). */
export const COMPLIANCE_BY_UNIT_KEY = `'unit:' || s.unit_code`;

/** The figure's docs text for the OpenAPI description. */
export function figureDocs(): string {
  return [
    ...AUDIT_FIGURES.map((name) => {
      const f = FIGURE_DEFINITIONS[name];
      return `**${name}** — ${f.titleVi} / ${f.titleEn}.\n\n${f.definitionVi}\n\n${f.definitionEn}`;
    }),
    '**report-punctuality** — `GET /api/audit/figures/report-punctuality` (drill-down `…/reports`), see there.',
    'Compliance and automatic escalations are read from the rollup (`audit_rollups`, exact counts) unless a commune ' +
      'or official filter is given; `precision=exact` forces the per-case rows.',
  ].join('\n\n');
}
