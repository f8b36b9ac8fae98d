import type { CommuneUnitType, ProvincePlaceType } from '@libs/database/entities/reference';
import { foldVietnamese, normalizeName } from './folding';

export type { CommuneUnitType, ProvincePlaceType };

export const COMMUNE_UNIT_TYPES: readonly CommuneUnitType[] = ['xa', 'phuong', 'dac_khu'];

/** The name prefix of each commune-level type, and how to say it in English. */
export const COMMUNE_UNIT_TYPE_LABELS: Readonly<Record<CommuneUnitType, { vi: string; en: string }>> = {
  xa: { vi: 'Xã', en: 'commune' },
  phuong: { vi: 'Phường', en: 'ward' },
  dac_khu: { vi: 'Đặc khu', en: 'special zone' },
};

export const PROVINCE_PLACE_TYPES: readonly ProvincePlaceType[] = ['Thành phố Trung Ương', 'Tỉnh'];

/**
 * The type a commune's official name announces ("Xã …", "Phường …", "Đặc khu …"), or null without such a prefix.
 * Compared with diacritics: folding first would read "Xá Lợi" as a xã.
 */
export function communeUnitTypeFromName(name: string): CommuneUnitType | null {
  const lower = normalizeName(name).toLowerCase();
  for (const type of COMMUNE_UNIT_TYPES) {
    if (lower.startsWith(`${COMMUNE_UNIT_TYPE_LABELS[type].vi.toLowerCase()} `)) return type;
  }
  return null;
}

/** Reads a unit type written as a code (`xa`, `phuong`, `dac_khu`) or in Vietnamese (`Xã`, `phường`, `Đặc khu`). */
export function parseCommuneUnitType(value: string): CommuneUnitType | null {
  const key = foldVietnamese(value).replace(/[\s-]+/g, '_');
  switch (key) {
    case 'xa':
      return 'xa';
    case 'phuong':
      return 'phuong';
    case 'dac_khu':
      return 'dac_khu';
    default:
      return null;
  }
}

/** Reads "Thành phố Trung Ương" / "Tỉnh" in any case or accenting, or the codes `thanh_pho_trung_uong` / `tinh`. */
export function parseProvincePlaceType(value: string): ProvincePlaceType | null {
  const key = foldVietnamese(value).replace(/[\s-]+/g, '_');
  if (key === 'thanh_pho_trung_uong' || key === 'thanh_pho_truc_thuoc_trung_uong' || key === 'thanh_pho') {
    return 'Thành phố Trung Ương';
  }
  return key === 'tinh' ? 'Tỉnh' : null;
}

/** "Thành phố Hà Nội" is centrally run; a name without that prefix is a province. */
export function provincePlaceTypeFromName(name: string): ProvincePlaceType {
  return normalizeName(name).toLowerCase().startsWith('thành phố ') ? 'Thành phố Trung Ương' : 'Tỉnh';
}
