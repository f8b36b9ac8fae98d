/**
 * A submitted report as a Decree 30/2020/NĐ-CP administrative document (.docx) and the data behind its figures as
 * CSV. The layout: A4, margins 20/20/30/15 mm, Times New Roman 14; the issuing body and "Số:" on the left and the
 * Quốc hiệu, Tiêu ngữ and place-and-date on the right; the title "BÁO CÁO"; "Kính gửi:"; the sections I–V; "Nơi
 * nhận:" and the signature block at the end.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { stringify } from 'csv-stringify/sync';
import type { DurationStats, NotableReason, WeeklyFigures } from '@libs/domain/reports';
import type { FinalDraft, WeeklyDraft } from '@libs/reporting/report-data';

export const DOCUMENT_FONT = 'Times New Roman';
/** Body text 14 pt (docx sizes are half-points). */
export const BODY_SIZE = 28;
export const PAGE_MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;

export interface ReportDocumentInput {
  kind: 'weekly' | 'final';
  cycleIndex: number;
  documentNumber: string;
  /** Instant of submission: the document's date. */
  issuedAt: string;
  windowStart: string;
  /** Exclusive end of the window; the document prints the day before when it is a midnight. */
  windowEnd: string;
  homeUnitName: string;
  homeUnitCode: string;
  provinceName: string;
  officialName: string;
  decisionNumber: string;
  narrative: Record<string, string>;
  figures: WeeklyDraft | FinalDraft;
  version: number;
  correctionReason: string | null;
}

export const FIGURE_LABELS: Record<keyof WeeklyFigures, string> = {
  issuesFound: 'Số vấn đề, vướng mắc phát hiện',
  handledLocally: 'Số vụ việc hướng dẫn, xử lý tại chỗ',
  escalated: 'Số vụ việc xin ý kiến Thủ trưởng đơn vị / Tổ công tác',
  automaticEscalations: 'Số vụ việc tự động chuyển cấp do quá hạn',
  answered: 'Số vụ việc đã có ý kiến chỉ đạo',
  resolved: 'Số vụ việc đã giải quyết xong',
  policyProposals: 'Số đề xuất sửa đổi cơ chế, chính sách',
  breaches: 'Số vụ việc quá hạn trả lời',
  openAtEnd: 'Số vụ việc còn đang xử lý cuối kỳ',
  overdueAtEnd: 'Trong đó: quá hạn trả lời',
};

const NOTABLE_LABELS: Record<NotableReason, string> = {
  deadline_breached: 'quá hạn trả lời',
  top_level_reached: 'đã xin ý kiến Lãnh đạo Bộ',
  policy_proposed: 'đề xuất chính sách',
};

const VN_OFFSET_MS = 7 * 3600_000;

/** Millimetres to twips, rounded up so a margin is never below its minimum. */
export const mmToTwip = (mm: number): number => Math.ceil((mm * 1440) / 25.4);

/** Parts of the Vietnam-local date of an instant. */
function localParts(instant: string): { day: string; month: string; year: string } {
  const local = new Date(Date.parse(instant) + VN_OFFSET_MS);
  return {
    day: String(local.getUTCDate()).padStart(2, '0'),
    month: String(local.getUTCMonth() + 1).padStart(2, '0'),
    year: String(local.getUTCFullYear()),
  };
}

/** "Hà Nội, ngày 05 tháng 01 năm 2026". */
export function placeAndDate(place: string, instant: string): string {
  const { day, month, year } = localParts(instant);
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/** dd/mm/yyyy of an instant; `inclusiveEnd` prints the day before a local midnight (the last day of a window). */
export function shortDate(instant: string, inclusiveEnd = false): string {
  const ms = Date.parse(instant);
  const local = new Date(ms + VN_OFFSET_MS);
  const atMidnight = local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0;
  const shown = inclusiveEnd && atMidnight ? new Date(ms - 1).toISOString() : instant;
  const { day, month, year } = localParts(shown);
  return `${day}/${month}/${year}`;
}

function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const hours = ms / 3600_000;
  if (hours >= 24) return `${(hours / 24).toFixed(1).replace('.', ',')} ngày`;
  if (hours >= 1) return `${hours.toFixed(1).replace('.', ',')} giờ`;
  return `${Math.round(ms / 60_000)} phút`;
}

const run = (text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun =>
  new TextRun({ text, font: DOCUMENT_FONT, size: BODY_SIZE, ...options });

const para = (
  children: TextRun[],
  options: {
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    after?: number;
    before?: number;
  } = {},
): Paragraph =>
  new Paragraph({
    children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent ? { firstLine: mmToTwip(12.7) } : undefined,
    spacing: { before: options.before ?? 0, after: options.after ?? 60, line: 300 },
  });

const heading = (text: string): Paragraph =>
  para([run(text, { bold: true })], { indent: true, before: 120, after: 60 });

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

/** Width of the text area of an A4 page with these margins, in twips. */
const TEXT_WIDTH = mmToTwip(210 - PAGE_MARGINS_MM.left - PAGE_MARGINS_MM.right);

/** A two-column layout table without borders; `share` is each column's part of the text width. */
function borderlessTable(columns: { share: number; children: Paragraph[] }[]): Table {
  const widths = columns.map((column) => Math.floor(TEXT_WIDTH * column.share));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: columns.map(
          (column, index) =>
            new TableCell({
              width: { size: widths[index], type: WidthType.DXA },
              borders: NO_BORDERS,
              children: column.children,
            }),
        ),
      }),
    ],
  });
}

function figuresTable(rows: [string, string][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const widths = [Math.floor(TEXT_WIDTH * 0.76), Math.floor(TEXT_WIDTH * 0.24)];
  const cell = (text: string, bold: boolean, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new TableCell({
      borders,
      margins: { left: 80, right: 80 },
      children: [para([run(text, { bold, size: 26 })], { align, after: 0 })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        children: [cell('Nội dung', true, AlignmentType.CENTER), cell('Số liệu', true, AlignmentType.CENTER)],
      }),
      ...rows.map(
        ([label, value]) =>
          new TableRow({
            children: [cell(label, false, AlignmentType.LEFT), cell(value, false, AlignmentType.CENTER)],
          }),
      ),
    ],
  });
}

function narrativeParagraphs(text: string | undefined, fallback: string): Paragraph[] {
  const lines = (text ?? '').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [para([run(fallback, { italics: true })], { indent: true })];
  return lines.map((line) => para([run(line)], { indent: true }));
}

/** The rows of the figures table, in the outline's order (the test reads them back). */
export function figureRows(input: Pick<ReportDocumentInput, 'kind' | 'figures'>): [string, string][] {
  const rows: [string, string][] = (Object.keys(FIGURE_LABELS) as (keyof WeeklyFigures)[]).map((key) => [
    FIGURE_LABELS[key],
    String(input.figures.figures[key]),
  ]);
  if (input.kind === 'final') {
    const final = input.figures as FinalDraft;
    const stat = (label: string, stats: DurationStats): [string, string][] => [
      [`${label} — trung vị (${stats.count} vụ việc)`, formatDuration(stats.medianMs)],
      [`${label} — phân vị 90`, formatDuration(stats.p90Ms)],
    ];
    rows.push(...stat('Thời gian đến khi có ý kiến chỉ đạo đầu tiên', final.timeToFirstAnswer));
    rows.push(...stat('Thời gian đến khi giải quyết xong', final.timeToResolution));
  }
  return rows;
}

export function reportTitle(input: ReportDocumentInput): string {
  const from = shortDate(input.windowStart);
  const to = shortDate(input.windowEnd, true);
  return input.kind === 'weekly'
    ? `Kết quả công tác tăng cường tuần thứ ${input.cycleIndex} (từ ngày ${from} đến ngày ${to}) tại ${input.provinceName}`
    : `Tổng kết đợt công tác tăng cường (từ ngày ${from} đến ngày ${to}) tại ${input.provinceName}`;
}

export async function buildReportDocx(input: ReportDocumentInput): Promise<Buffer> {
  const unitUpper = input.homeUnitName.toUpperCase();
  const header = borderlessTable([
    {
      share: 0.38,
      children: [
        para([run('BỘ NỘI VỤ', { size: 26 })], { align: AlignmentType.CENTER, after: 0 }),
        para([run(unitUpper, { bold: true, size: 26 })], { align: AlignmentType.CENTER, after: 0 }),
        para([run('________', { size: 20 })], { align: AlignmentType.CENTER, after: 120 }),
        para([run(`Số: ${input.documentNumber}`, { size: 26 })], { align: AlignmentType.CENTER }),
      ],
    },
    {
      share: 0.62,
      children: [
        para([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 26 })], {
          align: AlignmentType.CENTER,
          after: 0,
        }),
        para([run('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 28, underline: {} })], {
          align: AlignmentType.CENTER,
          after: 240,
        }),
        para([run(placeAndDate('Hà Nội', input.issuedAt), { italics: true })], { align: AlignmentType.CENTER }),
      ],
    },
  ]);

  const f = input.figures;
  const notable = f.notable.map((item) =>
    para([run(`- ${item.title} (${item.reasons.map((reason) => NOTABLE_LABELS[reason]).join(', ')}).`)], {
      indent: true,
    }),
  );
  const openItems = f.openItems.map((item) =>
    para(
      [
        run(
          `- ${item.title}${f.overdueItems.some((overdue) => overdue.caseId === item.caseId) ? ' (quá hạn trả lời)' : ''}.`,
        ),
      ],
      { indent: true },
    ),
  );
  const support = f.supportRequests.map((request) =>
    para([run(`- Kiến nghị hỗ trợ: ${request.title}.`)], { indent: true }),
  );
  const proposals =
    input.kind === 'final'
      ? (f as FinalDraft).proposals.map((proposal) =>
          para(
            [
              run(
                `- ${proposal.proposal} (vụ việc: ${proposal.title}; ${
                  proposal.decision === null
                    ? 'chưa có quyết định'
                    : { accepted: 'được chấp thuận', rejected: 'không chấp thuận', needs_study: 'cần nghiên cứu thêm' }[
                        proposal.decision
                      ]
                }).`,
              ),
            ],
            { indent: true },
          ),
        )
      : [];

  const body: (Paragraph | Table)[] = [
    header,
    para([run('BÁO CÁO', { bold: true })], { align: AlignmentType.CENTER, before: 360, after: 0 }),
    para([run(reportTitle(input), { bold: true })], { align: AlignmentType.CENTER, after: 240 }),
    para([run('Kính gửi: Bộ trưởng Bộ Nội vụ (qua Vụ Tổ chức cán bộ).')], { align: AlignmentType.CENTER, after: 240 }),
    para(
      [
        run(
          `Thực hiện Quyết định số ${input.decisionNumber} của Bộ trưởng Bộ Nội vụ về việc cử công chức tăng cường, ` +
            `tôi xin báo cáo ${input.kind === 'weekly' ? 'kết quả công tác trong tuần' : 'tổng kết cả đợt công tác'} như sau:`,
        ),
      ],
      { indent: true },
    ),
    ...(input.correctionReason
      ? [
          para(
            [run(`(Báo cáo đính chính, phiên bản ${input.version}: ${input.correctionReason})`, { italics: true })],
            { indent: true },
          ),
        ]
      : []),
    heading('I. TÌNH HÌNH CHUNG'),
    ...narrativeParagraphs(input.narrative.general, '(Không có nội dung.)'),
    heading('II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ'),
    figuresTable(figureRows(input)),
    para([run('')], { after: 0 }),
    ...narrativeParagraphs(input.narrative.results, ''),
    para([run('Vụ việc đáng chú ý:', { italics: true })], { indent: true }),
    ...(notable.length ? notable : [para([run('- Không có.')], { indent: true })]),
    heading('III. KHÓ KHĂN, VƯỚNG MẮC'),
    ...narrativeParagraphs(input.narrative.difficulties, ''),
    ...(openItems.length ? openItems : [para([run('- Không còn vụ việc tồn đọng.')], { indent: true })]),
    heading('IV. ĐỀ XUẤT, KIẾN NGHỊ'),
    ...narrativeParagraphs(input.narrative.proposals, ''),
    ...proposals,
    ...support,
    ...(input.kind === 'weekly'
      ? [heading('V. KẾ HOẠCH TUẦN TỚI'), ...narrativeParagraphs(input.narrative.nextPlan, '(Không có nội dung.)')]
      : [
          heading('V. BÀI HỌC KINH NGHIỆM VÀ KIẾN NGHỊ'),
          ...narrativeParagraphs(input.narrative.lessons, '(Không có nội dung.)'),
          ...narrativeParagraphs(input.narrative.recommendations, ''),
        ]),
    para([run('')], { after: 120 }),
    borderlessTable([
      {
        share: 0.5,
        children: [
          para([run('Nơi nhận:', { bold: true, italics: true, size: 24 })], { align: AlignmentType.LEFT, after: 0 }),
          ...['- Như trên;', '- Vụ Tổ chức cán bộ;', `- Lưu: VT, ${input.homeUnitCode}.`].map((line) =>
            para([run(line, { size: 22 })], { align: AlignmentType.LEFT, after: 0 }),
          ),
        ],
      },
      {
        share: 0.5,
        children: [
          para([run('NGƯỜI BÁO CÁO', { bold: true })], { align: AlignmentType.CENTER, after: 0 }),
          para([run('(Ký, ghi rõ họ tên)', { italics: true })], { align: AlignmentType.CENTER, after: 960 }),
          para([run(input.officialName, { bold: true })], { align: AlignmentType.CENTER }),
        ],
      },
    ]),
  ];

  const document = new Document({
    creator: input.officialName,
    title: `Báo cáo ${input.documentNumber}`,
    styles: { default: { document: { run: { font: DOCUMENT_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: mmToTwip(210),
              height: mmToTwip(297),
              orientation: PageOrientation.PORTRAIT,
            },
            margin: {
              top: mmToTwip(PAGE_MARGINS_MM.top),
              bottom: mmToTwip(PAGE_MARGINS_MM.bottom),
              left: mmToTwip(PAGE_MARGINS_MM.left),
              right: mmToTwip(PAGE_MARGINS_MM.right),
            },
          },
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}

/**
 * The data behind every figure: one line per (figure, case) with the case's title and link, plus one line per
 * figure with its total. UTF-8 with a byte-order mark so spreadsheet software shows Vietnamese correctly.
 */
export function buildReportCsv(input: ReportDocumentInput): Buffer {
  const f = input.figures;
  const records: string[][] = [];
  for (const key of Object.keys(FIGURE_LABELS) as (keyof WeeklyFigures)[]) {
    records.push([input.documentNumber, key, FIGURE_LABELS[key], String(f.figures[key]), '', '', '']);
    for (const caseId of f.casesBehind[key]) {
      records.push([
        input.documentNumber,
        key,
        FIGURE_LABELS[key],
        '',
        caseId,
        f.caseTitles[caseId] ?? '',
        `/api/cases/${caseId}`,
      ]);
    }
  }
  const text = stringify(records, {
    header: true,
    columns: ['document_number', 'figure', 'label', 'total', 'case_id', 'case_title', 'case_link'],
    record_delimiter: '\r\n',
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
