/**
 * Stable error codes and the words users read for them, Vietnamese first. Clients switch on `code`; people read
 * `message`, chosen by Accept-Language.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: {
    vi: 'Dữ liệu gửi lên không hợp lệ. Vui lòng sửa các trường được nêu rồi gửi lại.',
    en: 'The request is invalid. Fix the fields listed and send it again.',
  },
  CASE_NOT_FOUND: {
    vi: 'Không tìm thấy vụ việc. Kiểm tra lại mã vụ việc.',
    en: 'Case not found. Check the case id.',
  },
  ROUTE_NOT_FOUND: {
    vi: 'Không có địa chỉ API này.',
    en: 'No such API endpoint.',
  },
  DATABASE_UNAVAILABLE: {
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.',
    en: 'The database is temporarily unreachable. Please try again in a few minutes.',
  },
  TEMPORAL_UNAVAILABLE: {
    vi: 'Máy chủ quy trình (Temporal) tạm thời không truy cập được; yêu cầu chưa được thực hiện. Vui lòng thử lại sau.',
    en: 'The workflow server (Temporal) is temporarily unreachable; nothing was done. Please try again later.',
  },
  PAYLOAD_TOO_LARGE: {
    vi: 'Nội dung gửi lên quá lớn.',
    en: 'The request body is too large.',
  },
  MALFORMED_JSON: {
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  MALFORMED_REQUEST: {
    vi: 'Yêu cầu không đúng định dạng (ví dụ địa chỉ chứa ký tự mã hoá sai).',
    en: 'The request is malformed (for example a badly encoded address).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    vi: 'Chỉ chấp nhận nội dung dạng application/json.',
    en: 'Only application/json request bodies are accepted.',
  },
  CASE_ALREADY_EXISTS: {
    vi: 'Vụ việc với mã này đã tồn tại.',
    en: 'A case with this id already exists.',
  },
  INTERNAL_ERROR: {
    vi: 'Đã xảy ra lỗi không mong muốn. Lỗi đã được ghi lại; vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu.',
    en: 'Something unexpected went wrong. It has been logged; try again or contact the administrator with the request id.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Field-level problems, by class-validator constraint name. */
export const FIELD_MESSAGES: Record<string, { vi: string; en: string }> = {
  isDefined: { vi: 'Trường này là bắt buộc.', en: 'This field is required.' },
  isNotEmpty: { vi: 'Không được để trống.', en: 'Must not be empty.' },
  isString: { vi: 'Phải là chuỗi ký tự.', en: 'Must be a string.' },
  maxLength: { vi: 'Quá dài.', en: 'Too long.' },
  minLength: { vi: 'Quá ngắn.', en: 'Too short.' },
  matches: { vi: 'Sai định dạng.', en: 'Wrong format.' },
  isIn: { vi: 'Giá trị không nằm trong danh sách cho phép.', en: 'Not one of the allowed values.' },
  whitelistValidation: { vi: 'Trường này không được phép.', en: 'This field is not allowed.' },
  isUuid: { vi: 'Phải là UUID.', en: 'Must be a UUID.' },
  isBoolean: { vi: 'Phải là true hoặc false.', en: 'Must be true or false.' },
  isInt: { vi: 'Phải là số nguyên.', en: 'Must be an integer.' },
  isObject: { vi: 'Phải là một đối tượng JSON.', en: 'Must be a JSON object.' },
};

export type Language = 'vi' | 'en';

/** Vietnamese unless the client prefers English over Vietnamese. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag.startsWith('vi') || entry.tag.startsWith('en'))
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'vi';
}
