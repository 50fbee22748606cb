import type { Area } from '../engine/ruleset';

export const UNIT_TYPE_LABELS: Record<string, string> = {
  tinh: 'Tỉnh',
  thanh_pho_tw: 'Thành phố',
  huyen: 'Huyện',
  thi_xa: 'Thị xã',
  thanh_pho: 'Thành phố',
  xa: 'Xã',
  phuong: 'Phường',
  thi_tran: 'Thị trấn',
  dac_khu: 'Đặc khu',
  thon: 'Thôn',
  ap: 'Ấp',
  ban: 'Bản',
  to_dan_pho: 'Tổ dân phố',
  khom: 'Khóm',
};

/** "Xã Bình Mỹ", "Thị trấn Cái Dầu". */
export function unitFullName(type: string, name: string): string {
  const label = UNIT_TYPE_LABELS[type];
  if (!label || name.toLowerCase().startsWith(label.toLowerCase() + ' ')) return name;
  return `${label} ${name}`;
}

/**
 * Default area of a household from its commune's type (spec/standard.md §2): xã → rural;
 * phường, thị trấn → urban. The officer may override it per household and round.
 */
export function defaultAreaOf(communeType: string): Area {
  return communeType === 'phuong' || communeType === 'thi_tran' ? 'urban' : 'rural';
}

/** The district level exists for maps dated before 1/7/2025 (Quyết định 19/2025/QĐ-TTg). */
export const DISTRICT_ABOLISHED_ON = '2025-07-01';
export const hasDistrictLevel = (unitMapDate: string): boolean => unitMapDate < DISTRICT_ABOLISHED_ON;
