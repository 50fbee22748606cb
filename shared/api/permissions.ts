/**
 * Who may call what: ONE table, every method of the contract (a method without a rule does not
 * compile), checked by the core's dispatcher on both transports (electron/core/api/dispatch.ts).
 * Hiding a control in a screen is not the check; this is.
 *
 * The roles (issue 12):
 * - admin (quản trị): the users, backups and restore, rule sets, the registers (the office's unit,
 *   the villages of a commune, deleting a round), the audit trail; and, so that a small office can
 *   run with one account, everything the other roles may do.
 * - officer (cán bộ): entry and the review workflow of the office's units: households, forms,
 *   drafts, imports and exports, rounds, the workflow's records, prints.
 * - keyer (nhập liệu): entry for their assigned villages only (see KeyerScope).
 * - leader (lãnh đạo): reads everything, prints and exports, records the recognition decision.
 * - viewer (xem): reads on screen only (no prints, no exports).
 * 'public': callable without a session (only the three calls of the sign-in page).
 */
import type { ApiMethod } from './contract';
import type { JobKind } from './jobs';
import { ROLE_LABELS, type Role } from './auth';

/**
 * What a keyer's call may touch, resolved by the core from the call's input (never from what the
 * screen shows), for every method a keyer may call:
 * - 'none': touches no household: names of units, layouts, rule sets, their own session.
 * - 'household': input.householdId's village must be one of theirs (a household with no village is refused).
 * - 'village': input.villageId is required and must be one of theirs (lists: households.list).
 * - 'form': a new or changed household: input.householdId (when not null) as for 'household', and
 *   the form's village (input.form.villageId) must be one of theirs.
 * - 'draft': input.householdId (entry.drafts.save, when not null) or the stored draft's household
 *   (entry.drafts.get / delete, by key) as for 'household'.
 * - 'drafts': the answer (entry.drafts.list) keeps only drafts of their villages' households and
 *   drafts of new households keyed for their villages.
 */
export type KeyerScope = 'none' | 'household' | 'village' | 'form' | 'draft' | 'drafts';

export type Rule = { public: true } | { roles: readonly Role[]; keyer?: KeyerScope };

const PUBLIC: Rule = { public: true };
const ADMIN: Rule = { roles: ['admin'] };
const OFFICE: Rule = { roles: ['admin', 'officer'] };
/** Reads on screen: every role; a keyer within the scope given. */
const read = (keyer: KeyerScope | null): Rule =>
  keyer ? { roles: ['admin', 'officer', 'keyer', 'leader', 'viewer'], keyer } : { roles: ['admin', 'officer', 'leader', 'viewer'] };
/** Entry: admin and officer everywhere, a keyer in their villages. */
const entry = (keyer: KeyerScope): Rule => ({ roles: ['admin', 'officer', 'keyer'], keyer });
/** Prints and exports (personal data leaving the screen): not the viewer, not the keyer. */
const PRINT: Rule = { roles: ['admin', 'officer', 'leader'] };
/** Every signed-in user, about their own session or their own jobs. */
const SELF: Rule = { roles: ['admin', 'officer', 'keyer', 'leader', 'viewer'], keyer: 'none' };

export const PERMISSIONS: Record<ApiMethod, Rule> = {
  'auth.status': PUBLIC,
  'auth.login': PUBLIC,
  'auth.setupFirstAdmin': PUBLIC,
  'auth.logout': SELF,
  'auth.changePassword': SELF,
  'users.list': ADMIN,
  'users.add': ADMIN,
  'users.update': ADMIN,
  'users.resetPassword': ADMIN,
  'audit.list': ADMIN,

  'app.info': read('none'),
  'ruleSets.list': read('none'),
  'rulesets.pending': ADMIN,
  'rulesets.confirm': ADMIN,
  'excel.ruleTable.template': ADMIN,
  'excel.ruleTable.load': ADMIN,
  // The screen for published values (issue 15 item 3): a new rule-set version, admin only.
  'published.current': ADMIN,
  'published.preview': ADMIN,
  'published.save': ADMIN,
  'backups.list': ADMIN,
  'backups.create': ADMIN,
  'backups.restore': ADMIN,
  'backups.encryption': ADMIN,
  'backups.setPassphrase': ADMIN,
  'setup.status': read('none'),
  'setup.office': ADMIN,
  'units.find': read('none'),
  'villages.list': read('none'),
  'villages.add': ADMIN,
  'villages.paste': ADMIN,
  'villages.import': ADMIN,
  'villages.setArea': ADMIN,
  'rounds.delete': ADMIN,

  'rounds.list': read('none'),
  'rounds.overview': read('none'),
  'units.communes': read('none'),
  'units.villages': read('none'),
  'households.list': read('village'),
  'households.get': read('household'),
  'households.history': read('household'),
  'households.update': entry('household'),
  'rounds.start': OFFICE,
  'rounds.plan': OFFICE,
  'rounds.create': OFFICE,
  'reform.queue': read(null),
  'reform.assign': OFFICE,

  // Jobs: jobs.start is checked again per kind (JOB_PERMISSIONS); a job's status, cancel and
  // files belong to the user who started it (and the administrators).
  'jobs.start': PRINT,
  'jobs.status': SELF,
  'jobs.cancel': SELF,
  'jobs.output': SELF,

  'entry.layout': entry('none'),
  'entry.form': read('household'),
  'entry.preview': entry('form'),
  'entry.save': entry('form'),
  'entry.next': read('household'),
  'entry.drafts.save': entry('draft'),
  'entry.drafts.get': entry('draft'),
  'entry.drafts.list': entry('drafts'),
  'entry.drafts.delete': entry('draft'),
  'entry.warnings': read(null),
  'entry.events.record': entry('household'),
  'entry.events.list': read('household'),

  'workflow.status': read(null),
  'workflow.buildList': OFFICE,
  'workflow.meeting': OFFICE,
  'workflow.posting': OFFICE,
  'workflow.complaint': OFFICE,
  'workflow.recheck': OFFICE,
  'workflow.districtOpinion': OFFICE,
  'workflow.decision': { roles: ['admin', 'officer', 'leader'] },
  'workflow.reopen': OFFICE,

  'documents.units': read(null),
  'documents.list': read(null),
  'documents.officials.get': read(null),
  'documents.officials.set': OFFICE,
  'excel.template': OFFICE,
  // The overview (issue 14): every role reads it; a keyer only of one of their villages.
  'overview.get': read('village'),
  'overview.targets.list': read('none'),
  'overview.targets.set': OFFICE,
  'overview.targets.delete': OFFICE,
  'overview.targets.import': OFFICE,
  'exchange.preview': OFFICE,
  'exchange.import': OFFICE,
  // Monthly (ad hoc) review requests (issue 15): every role reads; the office records and settles them.
  'requests.procedure': read(null),
  'requests.list': read(null),
  'requests.monthly': read(null),
  'requests.add': OFFICE,
  'requests.accept': OFFICE,
  'requests.refuse': OFFICE,
  // The income worksheet (issue 15): read like the household, saved like its form (a keyer in their villages).
  'income.get': read('household'),
  'income.save': entry('household'),
  // The guidance on every field (issue 15 item 6): every signed-in role reads it (no household data).
  'guidance.get': read('none'),
  // The province's views on the merged packages (issue 13): read by every office role; a keyer has no province view.
  'province.receipts': read(null),
  'province.recompute': read(null),
};

/** jobs.start, by the kind of job: prints and exports for those who may print, imports for the office. */
export const JOB_PERMISSIONS: Record<JobKind, readonly Role[]> = {
  'documents.render': ['admin', 'officer', 'leader'],
  'documents.dossier': ['admin', 'officer', 'leader'],
  'excel.export': ['admin', 'officer', 'leader'],
  'excel.import': ['admin', 'officer'],
  'exchange.export': ['admin', 'officer', 'leader'],
  'exchange.importBatch': ['admin', 'officer'],
  'requests.letter': ['admin', 'officer', 'leader'],
  'requests.monthlyReport': ['admin', 'officer', 'leader'],
  'overview.report': ['admin', 'officer', 'leader'],
  'guidance.handbook': ['admin', 'officer', 'leader'],
  'rounds.reclassify': ['admin', 'officer'],
};

/** What each method does, in words for a refusal ("… không được xem danh sách hộ"). Unnamed: the method's name. */
const ACTIONS: Partial<Record<ApiMethod, string>> = {
  'users.list': 'xem danh sách người dùng',
  'users.add': 'thêm người dùng',
  'users.update': 'sửa người dùng',
  'users.resetPassword': 'đặt lại mật khẩu',
  'audit.list': 'xem nhật ký thao tác',
  'backups.list': 'xem các bản sao lưu',
  'backups.create': 'tạo bản sao lưu',
  'backups.restore': 'khôi phục bản sao lưu',
  'backups.encryption': 'xem cách mã hoá bản sao lưu',
  'backups.setPassphrase': 'đặt mật khẩu sao lưu',
  'rulesets.pending': 'xem bộ tiêu chí chờ xác nhận',
  'rulesets.confirm': 'xác nhận bộ tiêu chí',
  'excel.ruleTable.load': 'nạp bảng điểm của bộ tiêu chí',
  'excel.ruleTable.template': 'tải mẫu bảng điểm',
  'published.current': 'xem giá trị công bố của bộ tiêu chí',
  'published.preview': 'xem trước giá trị công bố',
  'published.save': 'lưu phiên bản mới của bộ tiêu chí',
  'setup.office': 'chọn đơn vị của cơ quan',
  'villages.add': 'thêm thôn, ấp',
  'villages.paste': 'thêm thôn, ấp',
  'villages.import': 'nhập danh sách thôn, ấp',
  'villages.setArea': 'sửa khu vực của thôn, ấp',
  'rounds.delete': 'xoá đợt rà soát',
  'rounds.start': 'mở đợt rà soát',
  'rounds.plan': 'lập đợt rà soát',
  'rounds.create': 'tạo đợt rà soát',
  'reform.queue': 'xem hàng chờ sắp xếp đơn vị',
  'reform.assign': 'gán hộ theo đơn vị mới',
  'households.list': 'xem danh sách hộ',
  'households.get': 'xem hồ sơ hộ',
  'households.history': 'xem lịch sử thay đổi của hộ',
  'households.update': 'sửa thông tin hộ',
  'jobs.start': 'in hoặc xuất, nhập tệp',
  'entry.form': 'xem phiếu của hộ',
  'entry.preview': 'nhập phiếu',
  'entry.save': 'lưu phiếu',
  'entry.next': 'chuyển sang hộ kế tiếp',
  'entry.layout': 'nhập phiếu',
  'entry.drafts.save': 'lưu bản nháp',
  'entry.drafts.get': 'mở bản nháp',
  'entry.drafts.list': 'xem các bản nháp',
  'entry.drafts.delete': 'xoá bản nháp',
  'entry.warnings': 'xem các cảnh báo',
  'entry.events.record': 'ghi biến động của hộ',
  'entry.events.list': 'xem biến động của hộ',
  'workflow.status': 'xem tiến độ rà soát',
  'workflow.buildList': 'lập danh sách rà soát',
  'workflow.meeting': 'ghi biên bản họp thôn',
  'workflow.posting': 'ghi việc niêm yết',
  'workflow.complaint': 'ghi khiếu nại',
  'workflow.recheck': 'ghi kết quả phúc tra',
  'workflow.districtOpinion': 'ghi ý kiến của huyện',
  'workflow.decision': 'ghi quyết định công nhận',
  'workflow.reopen': 'mở lại kết quả đã công nhận',
  'documents.units': 'xem danh sách biểu mẫu',
  'documents.list': 'xem danh sách biểu mẫu',
  'documents.officials.get': 'xem người ký biểu mẫu',
  'documents.officials.set': 'sửa người ký biểu mẫu',
  'excel.template': 'tải mẫu Excel',
  'overview.get': 'xem tổng quan',
  'overview.targets.set': 'sửa chỉ tiêu giảm nghèo',
  'overview.targets.delete': 'xoá chỉ tiêu giảm nghèo',
  'overview.targets.import': 'nhập chỉ tiêu giảm nghèo từ Excel',
  'exchange.preview': 'xem trước gói dữ liệu trao đổi',
  'exchange.import': 'nhập gói dữ liệu trao đổi',
  'requests.add': 'ghi đơn đề nghị hằng tháng',
  'requests.accept': 'nhận hộ vào đợt rà soát thường xuyên',
  'requests.refuse': 'trả lời không đồng ý đơn đề nghị',
  'income.save': 'lưu phiếu tính thu nhập',
  'province.receipts': 'xem tình hình nhận gói của các xã',
  'province.recompute': 'tính lại và đối chiếu kết quả của xã',
};

const JOB_ACTIONS: Record<JobKind, string> = {
  'documents.render': 'in biểu mẫu',
  'documents.dossier': 'in hồ sơ',
  'excel.export': 'xuất danh sách ra Excel',
  'excel.import': 'nhập danh sách từ Excel',
  'exchange.export': 'xuất gói dữ liệu trao đổi',
  'exchange.importBatch': 'nhập nhiều gói dữ liệu trao đổi',
  'requests.letter': 'in thông báo trả lời đơn đề nghị',
  'requests.monthlyReport': 'in báo cáo hằng tháng',
  'overview.report': 'in báo cáo tổng quan',
  'guidance.handbook': 'in sổ tay hướng dẫn rà soát viên',
  'rounds.reclassify': 'phân loại lại các hộ',
};

export function isPublic(method: ApiMethod): boolean {
  return 'public' in PERMISSIONS[method];
}

/** Whether a role may call the method (for a keyer, within the method's scope, checked apart). */
export function roleMay(role: Role, method: ApiMethod): boolean {
  const rule = PERMISSIONS[method];
  if ('public' in rule) return true;
  return rule.roles.includes(role);
}

export function roleMayStartJob(role: Role, kind: JobKind): boolean {
  return JOB_PERMISSIONS[kind].includes(role);
}

/** Whether a role may send a file (both transports' upload door): only those who may use one (an import, a point table, a village list). */
export function roleMayUpload(role: Role): boolean {
  return roleMayStartJob(role, 'excel.import') || roleMay(role, 'excel.ruleTable.load') || roleMay(role, 'villages.import');
}
export const UPLOAD_FORBIDDEN_MESSAGE = 'Vai trò của bạn không được nạp tệp lên (chỉ quản trị viên và cán bộ nhập danh sách từ tệp).';

/** The refusal, naming the role and the action, and what to do. */
export function forbiddenMessage(role: Role, method: ApiMethod, kind?: JobKind): string {
  const action = kind ? JOB_ACTIONS[kind] : (ACTIONS[method] ?? `dùng chức năng "${method}"`);
  return `Vai trò "${ROLE_LABELS[role]}" không được ${action}. Hãy nhờ quản trị viên cấp quyền, hoặc đăng nhập bằng tài khoản có quyền này.`;
}

/** The refusal of a keyer's call outside their villages. */
export const OUTSIDE_VILLAGES_MESSAGE =
  'Hộ hoặc thôn này không thuộc các thôn được giao cho bạn nhập liệu. Hãy chọn hộ trong thôn của mình, hoặc nhờ quản trị viên giao thêm thôn.';

/** Until the password given by the administrator is changed, only these calls are allowed. */
export const BEFORE_PASSWORD_CHANGE: readonly ApiMethod[] = ['auth.status', 'auth.logout', 'auth.changePassword'];
export const MUST_CHANGE_PASSWORD_MESSAGE = 'Mật khẩu của bạn vừa được quản trị viên đặt lại: hãy đổi mật khẩu trước khi làm việc tiếp.';
