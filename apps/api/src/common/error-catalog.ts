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
  CASE_ACTION_UNCONFIRMED: {
    vi: 'Chưa nhận được xác nhận thao tác; thao tác có thể vẫn được thực hiện khi hệ thống xử lý trở lại. Hãy xem lại vụ việc trước khi thử lại.',
    en: 'The action was not confirmed in time; it may still be applied once processing resumes. Check the case before trying again.',
  },
  CASE_CLOSED: {
    vi: 'Vụ việc đã kết thúc; không thể thực hiện thao tác này.',
    en: 'The case is closed; this action is no longer possible.',
  },
  REOPEN_WINDOW_EXPIRED: {
    vi: 'Đã quá 30 ngày kể từ khi giải quyết; không thể mở lại. Hãy nêu vấn đề mới và dẫn chiếu vụ việc cũ.',
    en: 'More than 30 days have passed since resolution; the case cannot be reopened. Raise a new case that refers to it.',
  },
  MERGE_TARGET_NOT_FOUND: {
    vi: 'Không tìm thấy vụ việc cần gộp vào.',
    en: 'The case to merge into was not found.',
  },
  MERGE_TARGET_CLOSED: {
    vi: 'Vụ việc cần gộp vào đã kết thúc; chỉ gộp vào vụ việc đang mở.',
    en: 'The case to merge into is closed; merge only into an open case.',
  },
  // --- Identity, sign-in and access ---
  UNAUTHENTICATED: {
    vi: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại (gửi mã truy cập trong tiêu đề Authorization: Bearer).',
    en: 'Not signed in, or the session has expired. Sign in again (send the access token as Authorization: Bearer).',
  },
  INVALID_CREDENTIALS: {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại rồi thử lần nữa.',
    en: 'Wrong username or password. Check them and try again.',
  },
  TOO_MANY_LOGIN_ATTEMPTS: {
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng chờ hết thời gian trong tiêu đề Retry-After rồi thử lại, hoặc liên hệ quản trị viên để đặt lại mật khẩu.',
    en: 'Too many failed sign-in attempts. Wait for the time given in the Retry-After header, or ask an administrator to reset the password.',
  },
  PASSWORD_CHECKS_BUSY: {
    vi: 'Hệ thống đang xử lý quá nhiều lượt đăng nhập cùng lúc. Vui lòng chờ vài giây (xem tiêu đề Retry-After) rồi thử lại.',
    en: 'Too many sign-ins are being checked at once. Wait a few seconds (see the Retry-After header) and try again.',
  },
  ONE_TIME_PASSWORD_EXPIRED: {
    vi: 'Mật khẩu dùng một lần đã hết hạn. Liên hệ quản trị viên để được cấp mật khẩu mới.',
    en: 'The one-time password has expired. Ask an administrator for a new one.',
  },
  LAST_ACTIVE_ADMIN: {
    vi: 'Không thể thực hiện: thay đổi này sẽ khiến hệ thống không còn quản trị viên nào đang hoạt động. Hãy cấp vai trò quản trị cho người khác trước.',
    en: 'Refused: this change would leave no active administrator. Give another account the admin role first.',
  },
  INVALID_REFRESH_TOKEN: {
    vi: 'Mã làm mới phiên không hợp lệ, đã hết hạn hoặc đã bị thu hồi. Vui lòng đăng nhập lại.',
    en: 'The refresh token is invalid, expired or revoked. Sign in again.',
  },
  REFRESH_TOKEN_REUSED: {
    vi: 'Mã làm mới phiên đã được dùng trước đó; để an toàn, phiên này đã bị chấm dứt. Vui lòng đăng nhập lại và đổi mật khẩu nếu nghi bị lộ.',
    en: 'This refresh token was already used; for safety the session has been ended. Sign in again, and change your password if you suspect a leak.',
  },
  ROLE_NOT_ALLOWED: {
    vi: 'Tài khoản của bạn không có vai trò được phép thực hiện thao tác này.',
    en: 'Your account does not hold a role that may do this.',
  },
  PROVINCE_NOT_IN_DEPLOYMENT: {
    vi: 'Bạn chỉ được nêu vấn đề cho tỉnh/thành phố mình đang được tăng cường. Chọn tỉnh trong đợt tăng cường hiện tại của bạn.',
    en: 'You may raise issues only for a province of your current deployment. Choose a province you are deployed to.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    vi: 'Bạn đang dùng mật khẩu dùng một lần. Hãy đổi mật khẩu (POST /api/auth/password) trước khi tiếp tục.',
    en: 'You are using a one-time password. Change it (POST /api/auth/password) before doing anything else.',
  },
  CURRENT_PASSWORD_INCORRECT: {
    vi: 'Mật khẩu hiện tại không đúng; mật khẩu chưa được đổi.',
    en: 'The current password is wrong; the password was not changed.',
  },
  PASSWORD_LOGIN_NOT_AVAILABLE: {
    vi: 'Tài khoản này đăng nhập qua hệ thống đăng nhập một lần (SSO), không có mật khẩu riêng để đổi.',
    en: 'This account signs in through single sign-on and has no password of its own to change.',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    vi: 'Không kiểm tra được mã đăng nhập một lần (SSO) vì máy chủ định danh tạm thời không truy cập được. Vui lòng thử lại sau.',
    en: 'The single sign-on token could not be checked because the identity provider is unreachable. Try again later.',
  },
  USER_NOT_FOUND: {
    vi: 'Không tìm thấy tài khoản. Kiểm tra lại mã tài khoản.',
    en: 'User not found. Check the user id.',
  },
  USERNAME_TAKEN: {
    vi: 'Tên đăng nhập đã được dùng cho một tài khoản khác. Chọn tên khác.',
    en: 'This username belongs to another account. Choose another one.',
  },
  EXTERNAL_SUBJECT_TAKEN: {
    vi: 'Định danh SSO (externalSubject) đã gắn với một tài khoản khác.',
    en: 'This single sign-on subject (externalSubject) is already linked to another account.',
  },
  CANNOT_LOCK_OUT_SELF: {
    vi: 'Bạn không thể tự vô hiệu hoá tài khoản hoặc bỏ vai trò quản trị của chính mình. Nhờ một quản trị viên khác làm việc này.',
    en: 'You cannot deactivate your own account or remove your own admin role. Ask another administrator.',
  },
  DECISION_NOT_FOUND: {
    vi: 'Không tìm thấy quyết định cử công chức tăng cường. Kiểm tra lại số quyết định.',
    en: 'Dispatch decision not found. Check the decision number.',
  },
  DECISION_NUMBER_TAKEN: {
    vi: 'Đã có quyết định mang số này.',
    en: 'A decision with this number already exists.',
  },
  DEPLOYMENT_ALREADY_EXISTS: {
    vi: 'Công chức này đã được cử đến tỉnh này theo quyết định này.',
    en: 'This official is already deployed to this province by this decision.',
  },
  DEPLOYMENT_CSV_INVALID: {
    vi: 'Tệp CSV danh sách tăng cường có lỗi; chưa có gì được ghi. Sửa các dòng, cột được nêu rồi nhập lại.',
    en: 'The deployment CSV has errors; nothing was written. Fix the lines and columns listed and import it again.',
  },
  // --- Deployments that run, reports, support requests ---
  DEPLOYMENT_NOT_FOUND: {
    vi: 'Không tìm thấy đợt tăng cường (hoặc bạn không có quyền xem). Kiểm tra lại mã đợt tăng cường.',
    en: 'Deployment not found (or not yours to see). Check the deployment id.',
  },
  DEPLOYMENT_PERIOD_INVALID: {
    vi: 'Thời hạn mới của đợt tăng cường không hợp lệ; chưa có gì thay đổi.',
    en: 'The new period of the deployment is not valid; nothing was changed.',
  },
  DEPLOYMENT_ALREADY_ENDED: {
    vi: 'Đợt tăng cường đã kết thúc; không thể thay đổi thời hạn.',
    en: 'The deployment has ended; its period can no longer be changed.',
  },
  REPORT_NOT_FOUND: {
    vi: 'Không tìm thấy báo cáo (hoặc bạn không có quyền xem).',
    en: 'Report not found (or not yours to see).',
  },
  REPORT_NOT_READY: {
    vi: 'Dự thảo báo cáo chưa sẵn sàng: số liệu được lập sau thời điểm chốt số liệu. Vui lòng chờ đến giờ dự thảo.',
    en: 'The draft is not ready yet: figures are prepared after the data cut-off. Wait until the draft time.',
  },
  REPORT_CANCELLED: {
    vi: 'Kỳ báo cáo này đã bị huỷ do thời hạn tăng cường thay đổi.',
    en: 'This reporting cycle was cancelled when the deployment period changed.',
  },
  REPORT_ALREADY_SUBMITTED: {
    vi: 'Báo cáo đã gửi không thể sửa. Muốn đính chính, gửi phiên bản mới kèm lý do (correctionReason).',
    en: 'A submitted report cannot be altered. To correct it, submit a new version with a correctionReason.',
  },
  REPORT_VERSION_NOT_FOUND: {
    vi: 'Không có phiên bản báo cáo này.',
    en: 'No such version of the report.',
  },
  REPORT_ALREADY_REVIEWED: {
    vi: 'Phiên bản này đã được Vụ Tổ chức cán bộ tiếp nhận hoặc trả lại; không thể xử lý lần nữa.',
    en: 'This version has already been acknowledged or returned by the Personnel Department.',
  },
  REPORT_NOT_LATEST_VERSION: {
    vi: 'Chỉ xử lý được phiên bản mới nhất của báo cáo.',
    en: 'Only the latest version of a report can be reviewed.',
  },
  SUPPORT_REQUEST_NOT_FOUND: {
    vi: 'Không tìm thấy kiến nghị hỗ trợ (hoặc bạn không có quyền xem).',
    en: 'Support request not found (or not yours to see).',
  },
  SUPPORT_REQUEST_WRONG_STATE: {
    vi: 'Kiến nghị không ở trạng thái cho phép thao tác này (tiếp nhận → chuyển Lãnh đạo Bộ → ghi ý kiến trả lời).',
    en: 'The support request is not in a state that allows this (acknowledge → forward to leadership → record the answer).',
  },
  // --- Answer-target policies, working calendars, notifications ---
  SLA_POLICY_NOT_FOUND: {
    vi: 'Không tìm thấy chính sách thời hạn. Kiểm tra lại mã chính sách (GET /api/sla/policies).',
    en: 'Answer-target policy not found. Check the policy id (GET /api/sla/policies).',
  },
  SLA_POLICY_CONFLICT: {
    vi: 'Chính sách thời hạn trùng với một chính sách đã có.',
    en: 'The answer-target policy clashes with an existing one.',
  },
  WORKING_CALENDAR_NOT_FOUND: {
    vi: 'Không tìm thấy lịch làm việc. Kiểm tra lại mã lịch (GET /api/sla/calendars).',
    en: 'Working calendar not found. Check the calendar id (GET /api/sla/calendars).',
  },
  CALENDAR_OVERRIDE_NOT_FOUND: {
    vi: 'Lịch này không có ngày điều chỉnh vào ngày đã nêu; không có gì để xoá.',
    en: 'This calendar has no override on that date; nothing to remove.',
  },
  NOTIFICATION_NOT_FOUND: {
    vi: 'Không tìm thấy thông báo trong hộp thư của bạn.',
    en: 'No such notification in your inbox.',
  },
  // --- Case lists, idempotent creates, reference data ---
  AUDIT_NOT_PROJECTED_YET: {
    vi: 'Số liệu kiểm tra của vụ việc này đang được cập nhật từ nhật ký sự kiện. Vui lòng thử lại sau vài giây.',
    en: 'The audit figures of this case are still being brought up to date from the event log. Try again in a few seconds.',
  },
  UNKNOWN_AUDIT_FIGURE: {
    vi: 'Không có số liệu kiểm tra này. Các số liệu: first-answer, resolution, compliance, auto-escalations, backlog, policy-proposals.',
    en: 'No such audit figure. The figures are: first-answer, resolution, compliance, auto-escalations, backlog, policy-proposals.',
  },
  GUIDANCE_ENTRY_NOT_FOUND: {
    vi: 'Không tìm thấy mục hướng dẫn. Kiểm tra lại mã mục.',
    en: 'Guidance entry not found. Check the entry id.',
  },
  GUIDANCE_ENTRY_RETIRED: {
    vi: 'Mục hướng dẫn đã ngừng áp dụng, không sửa được nữa.',
    en: 'The guidance entry is retired and can no longer be edited.',
  },
  GUIDANCE_LINK_TO_ITSELF: {
    vi: 'Không thể liên kết một mục hướng dẫn với chính nó.',
    en: 'A guidance entry cannot be linked to itself.',
  },
  CASE_LINK_TO_ITSELF: {
    vi: 'Không thể liên kết một vụ việc với chính nó.',
    en: 'A case cannot be linked to itself.',
  },
  INVALID_CURSOR: {
    vi: 'Con trỏ phân trang (cursor) không hợp lệ hoặc thuộc về một truy vấn khác. Hãy tải lại từ trang đầu (bỏ tham số cursor).',
    en: 'The page cursor is invalid or belongs to another query. Start again from the first page (leave out cursor).',
  },
  IDEMPOTENCY_KEY_REUSED: {
    vi: 'Khoá Idempotency-Key này đã được dùng cho một yêu cầu khác (nội dung hoặc địa chỉ khác). Dùng một khoá mới cho mỗi yêu cầu mới.',
    en: 'This Idempotency-Key was already used for a different request (another body or endpoint). Use a new key for every new request.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    vi: 'Yêu cầu đầu tiên với khoá Idempotency-Key này vẫn đang được xử lý. Chờ một lát rồi gửi lại đúng yêu cầu đó để nhận kết quả.',
    en: 'The first request with this Idempotency-Key is still being processed. Wait a moment, then send the same request again to get its result.',
  },
  REFERENCE_FIELD_NOT_FOUND: {
    vi: 'Không có lĩnh vực này. Kiểm tra lại mã lĩnh vực (GET /api/reference/fields).',
    en: 'No such field. Check the field code (GET /api/reference/fields).',
  },
  REFERENCE_UNIT_NOT_FOUND: {
    vi: 'Không có đơn vị này. Kiểm tra lại mã đơn vị (GET /api/reference/units).',
    en: 'No such unit. Check the unit code (GET /api/reference/units).',
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
  min: { vi: 'Nhỏ hơn giá trị cho phép.', en: 'Below the allowed minimum.' },
  max: { vi: 'Lớn hơn giá trị cho phép.', en: 'Above the allowed maximum.' },
  isCalendarDate: {
    vi: 'Phải là ngày có thật, viết YYYY-MM-DD (ví dụ 2026-02-16).',
    en: 'Must be a real date written YYYY-MM-DD (e.g. 2026-02-16).',
  },
  isReminderFractions: {
    vi: 'Phải là danh sách tăng dần, tối đa 10 tỷ lệ lớn hơn 0 và nhỏ hơn 1 (ví dụ [0.5, 0.9]).',
    en: 'Must be an ascending list of at most 10 fractions between 0 and 1 (e.g. [0.5, 0.9]).',
  },
  isArray: { vi: 'Phải là một danh sách (mảng JSON).', en: 'Must be a list (JSON array).' },
  arrayNotEmpty: { vi: 'Danh sách không được rỗng.', en: 'The list must not be empty.' },
  arrayUnique: { vi: 'Danh sách có phần tử trùng lặp.', en: 'The list has repeated items.' },
  isEmail: { vi: 'Không phải địa chỉ thư điện tử hợp lệ.', en: 'Not a valid e-mail address.' },
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
