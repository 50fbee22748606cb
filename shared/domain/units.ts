import type { Area } from '../engine/ruleset';
import { VILLAGE_TYPE_LABELS } from './villages';

export const UNIT_TYPE_LABELS: Record<string, string> = {
  tinh: 'Tỉnh',
  thanh_pho_tw: 'Thành phố',
  huyen: 'Huyện',
  quan: 'Quận',
  thi_xa: 'Thị xã',
  thanh_pho: 'Thành phố',
  xa: 'Xã',
  phuong: 'Phường',
  thi_tran: 'Thị trấn',
  dac_khu: 'Đặc khu',
  // Villages and residential groups: the one list of their kinds (domain/villages.ts).
  ...VILLAGE_TYPE_LABELS,
};

/**
 * The register's type labels (resources/units/register/*.csv) to the slugs the app stores, per
 * level: "Thành phố" is a centrally-run city as a province (thanh_pho_tw) and a provincial city
 * as a district (thanh_pho).
 */
export const REGISTER_TYPE_SLUGS: Record<'province' | 'district' | 'commune', Record<string, string>> = {
  province: { 'Tỉnh': 'tinh', 'Thành phố': 'thanh_pho_tw' },
  district: { 'Huyện': 'huyen', 'Quận': 'quan', 'Thị xã': 'thi_xa', 'Thành phố': 'thanh_pho' },
  commune: { 'Xã': 'xa', 'Phường': 'phuong', 'Thị trấn': 'thi_tran', 'Đặc khu': 'dac_khu' },
};

/** The types an office may be (issue 11): a commune of the 2025 map (xã, phường, đặc khu) or a province. */
export const OFFICE_COMMUNE_TYPES: readonly string[] = ['xa', 'phuong', 'dac_khu'];

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
