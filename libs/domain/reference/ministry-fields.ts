/**
 * Fields of state management of the Ministry of Home Affairs (Decree 25/2025/NĐ-CP) and the unit that answers
 * escalations in each field by default. The database holds the live routing (admins edit it); this list seeds it.
 */
export interface MinistryField {
  code: string;
  nameVi: string;
  nameEn: string;
  defaultUnitCode: string;
}

export interface MinistryUnit {
  code: string;
  nameVi: string;
  nameEn: string;
}

export const MINISTRY_UNITS: readonly MinistryUnit[] = [
  { code: 'TCBC', nameVi: 'Vụ Tổ chức - Biên chế', nameEn: 'Department of Organisation and Staffing' },
  { code: 'CQDP', nameVi: 'Vụ Chính quyền địa phương', nameEn: 'Department of Local Government' },
  { code: 'CCVC', nameVi: 'Vụ Công chức - Viên chức', nameEn: 'Department of Civil Servants and Public Employees' },
  { code: 'TCPCP', nameVi: 'Vụ Tổ chức phi chính phủ', nameEn: 'Department of Non-Governmental Organisations' },
  { code: 'CCHC', nameVi: 'Vụ Cải cách hành chính', nameEn: 'Department of Administrative Reform' },
  {
    code: 'TNBDG',
    nameVi: 'Vụ Công tác thanh niên và Bình đẳng giới',
    nameEn: 'Department of Youth Affairs and Gender Equality',
  },
  { code: 'TCCB', nameVi: 'Vụ Tổ chức cán bộ', nameEn: 'Department of Personnel and Organisation' },
  { code: 'PC', nameVi: 'Vụ Pháp chế', nameEn: 'Department of Legal Affairs' },
  { code: 'VTLT', nameVi: 'Cục Văn thư và Lưu trữ nhà nước', nameEn: 'State Records and Archives Department' },
  {
    code: 'TLBHXH',
    nameVi: 'Cục Tiền lương và Bảo hiểm xã hội',
    nameEn: 'Department of Wages and Social Insurance',
  },
  { code: 'VL', nameVi: 'Cục Việc làm', nameEn: 'Department of Employment' },
  { code: 'NCC', nameVi: 'Cục Người có công', nameEn: 'Department of People with Meritorious Services' },
  {
    code: 'TDKT',
    nameVi: 'Ban Thi đua - Khen thưởng Trung ương',
    nameEn: 'Central Emulation and Commendation Committee',
  },
];

export const MINISTRY_FIELDS: readonly MinistryField[] = [
  {
    code: 'administrative_organisation',
    nameVi: 'Tổ chức hành chính, sự nghiệp nhà nước',
    nameEn: 'Administrative and public service organisation',
    defaultUnitCode: 'TCBC',
  },
  {
    code: 'local_government',
    nameVi: 'Chính quyền địa phương (bao gồm địa giới hành chính)',
    nameEn: 'Local government (including administrative boundaries)',
    defaultUnitCode: 'CQDP',
  },
  {
    code: 'civil_service',
    nameVi: 'Cán bộ, công chức, viên chức và công vụ',
    nameEn: 'Cadres, civil servants, public employees and public service',
    defaultUnitCode: 'CCVC',
  },
  {
    code: 'labour_wages_social_insurance',
    nameVi: 'Lao động, tiền lương, bảo hiểm xã hội',
    nameEn: 'Labour, wages and social insurance',
    defaultUnitCode: 'TLBHXH',
  },
  { code: 'employment', nameVi: 'Việc làm', nameEn: 'Employment', defaultUnitCode: 'VL' },
  {
    code: 'occupational_safety',
    nameVi: 'An toàn, vệ sinh lao động',
    nameEn: 'Occupational safety and health',
    defaultUnitCode: 'VL',
  },
  {
    code: 'associations_funds_ngos',
    nameVi: 'Hội, quỹ xã hội, quỹ từ thiện, tổ chức phi chính phủ',
    nameEn: 'Associations, social and charity funds, non-governmental organisations',
    defaultUnitCode: 'TCPCP',
  },
  {
    code: 'people_with_merit',
    nameVi: 'Người có công',
    nameEn: 'People with meritorious services',
    defaultUnitCode: 'NCC',
  },
  { code: 'youth', nameVi: 'Thanh niên', nameEn: 'Youth', defaultUnitCode: 'TNBDG' },
  { code: 'gender_equality', nameVi: 'Bình đẳng giới', nameEn: 'Gender equality', defaultUnitCode: 'TNBDG' },
  {
    code: 'records_archives',
    nameVi: 'Văn thư, lưu trữ nhà nước',
    nameEn: 'State records and archives',
    defaultUnitCode: 'VTLT',
  },
  {
    code: 'emulation_commendation',
    nameVi: 'Thi đua, khen thưởng',
    nameEn: 'Emulation and commendation',
    defaultUnitCode: 'TDKT',
  },
];

export const MINISTRY_FIELD_CODES: readonly string[] = MINISTRY_FIELDS.map((field) => field.code);
