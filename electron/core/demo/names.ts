/**
 * Synthetic Vietnamese names for the demo district (Châu Phú, An Giang): Kinh names weighted as
 * in the Mekong Delta, and Khmer, Chăm and Hoa names as they are written on local papers.
 * Invented people only: any likeness to a real person is chance.
 */
import { cumulative, type Rng } from './random';

export const ETHNICITIES = ['Kinh', 'Khmer', 'Chăm', 'Hoa'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];
export type Sex = 'male' | 'female';

const nfc = (list: readonly string[]): string[] => list.map((s) => s.normalize('NFC'));

/** [family name, weight]. Nguyễn is about a third of the Delta. */
const KINH_FAMILY: [string, number][] = [
  ['Nguyễn', 32], ['Trần', 11], ['Lê', 9], ['Huỳnh', 6], ['Phạm', 5], ['Võ', 5], ['Phan', 3], ['Trương', 2],
  ['Đặng', 2], ['Bùi', 2], ['Dương', 2], ['Đỗ', 1.5], ['Đào', 1.5], ['Lý', 1.5], ['Châu', 1.5], ['Ngô', 1.5],
  ['Hồ', 1.5], ['Đinh', 1], ['Lâm', 1], ['Mai', 1], ['Tô', 1], ['Thái', 1], ['Lưu', 0.8], ['Cao', 0.8],
  ['Hà', 0.8], ['Tạ', 0.5], ['Quách', 0.5], ['Kiều', 0.3], ['La', 0.4], ['Từ', 0.4],
];
const KINH_FAMILY_NAMES = nfc(KINH_FAMILY.map(([n]) => n));
const KINH_FAMILY_CDF = cumulative(KINH_FAMILY.map(([, w]) => w));

const MIDDLE_MALE = nfc(['Văn', 'Hữu', 'Minh', 'Thanh', 'Quốc', 'Đức', 'Công', 'Hoàng', 'Tấn', 'Thành', 'Trọng', 'Phước']);
const MIDDLE_FEMALE = nfc(['Thị', 'Ngọc', 'Thanh', 'Kim', 'Mỹ', 'Thu', 'Bích', 'Hồng', 'Tuyết', 'Diễm']);
const GIVEN_MALE = nfc([
  'Dũng', 'Đức', 'Tâm', 'Phước', 'Lộc', 'Hùng', 'Minh', 'Tuấn', 'Hải', 'Sơn', 'Long', 'Phúc', 'Thành', 'Nam', 'Bình',
  'Hòa', 'Trung', 'Nghĩa', 'Quang', 'Tài', 'Thắng', 'Khánh', 'Hiếu', 'Hậu', 'Tín', 'Nhân', 'Lợi', 'Thuận', 'Vũ',
  'Kiệt', 'Bảo', 'Huy', 'Toàn', 'Trí', 'Ấn', 'Sang', 'Tùng', 'Cường', 'Hoàng', 'Vinh', 'Út', 'Sáu', 'Thiện', 'Đạt',
  'Phát', 'Lực', 'Mến', 'Chiến', 'Hưng', 'Ẩn',
]);
// No "Đào" or "Đạo" among given names: the demo keeps "Đào" a family name, so that a search
// for "dao" finds households by the head's family name.
const GIVEN_FEMALE = nfc([
  'Hường', 'Lan', 'Hoa', 'Mai', 'Hồng', 'Thủy', 'Hạnh', 'Nga', 'Trang', 'Linh', 'Ngân', 'Nhung', 'Thảo', 'Yến',
  'Loan', 'Liên', 'Tuyết', 'Phượng', 'Diễm', 'Trinh', 'Như', 'Hiền', 'Xuân', 'Cúc', 'Lệ', 'Kiều', 'Vân', 'Ánh',
  'Oanh', 'Thu', 'Út', 'Bé', 'Tâm', 'Hương', 'Nhàn', 'Thắm', 'Duyên', 'Giàu', 'Sương', 'Huệ', 'Lài', 'Ngọc',
]);

const HOA_FAMILY = nfc(['Lâm', 'Quách', 'Lý', 'Trương', 'Tạ', 'Hứa', 'Mã', 'Diệp', 'Thái', 'Lưu', 'Châu', 'Trần', 'Huỳnh']);
const HOA_MIDDLE_MALE = nfc(['Quốc', 'Gia', 'Kiến', 'Vĩnh', 'Tuấn', 'Khải', 'Chấn']);
const HOA_MIDDLE_FEMALE = nfc(['Mỹ', 'Huệ', 'Tú', 'Ngọc', 'Bội', 'Gia', 'Uyển']);
const HOA_GIVEN_MALE = nfc(['Hùng', 'Phát', 'Cường', 'Vinh', 'Quang', 'Minh', 'Tài', 'Kiệt', 'Sáng', 'Hào', 'Huy', 'Lương']);
const HOA_GIVEN_FEMALE = nfc(['Linh', 'Lan', 'Mai', 'Phương', 'Hoa', 'Quyên', 'Trân', 'Yến', 'Huệ', 'Nghi', 'Tuệ', 'Châu']);

// Khmer names in An Giang: "Chau" before a man's name, "Néang" before a woman's.
const KHMER_MALE = nfc([
  'Sóc Kha', 'Sa Rươl', 'Ty', 'Phi Rum', 'Sóc Thi', 'Kha Ra', 'Sô Phon', 'Pol', 'Sa Mây', 'Ni', 'Sóc Hen', 'Thanh',
  'Sen', 'Sa Rinh', 'Ương', 'Phon', 'Kim Sang', 'Sóc Ry',
]);
const KHMER_FEMALE = nfc([
  'Sa Ri', 'Sa Phon', 'Chanh Thy', 'Sóc Pha', 'Kim Sươl', 'Sa Rây', 'Ny', 'Sóc Kim', 'Mom', 'Sa Vông', 'Sa Rươne',
  'Chan Đa', 'Srây Mâu', 'Sóc Khone', 'Kha Ny',
]);

// Chăm (Muslim) names of the An Giang communities, syllables written apart.
const CHAM_MALE = nfc([
  'Ka Sim', 'Su Lây Man', 'Ab Đul Ha Mid', 'Mu Sa', 'Y Sa', 'Ha Ron', 'Sa Ly', 'Mo Ha Mad', 'Ha Kim', 'I Bro Him',
  'Ya Kúp', 'Os Man', 'Ha Sanh', 'Ro Sét', 'Ha Mít', 'Sa Lim',
]);
const CHAM_FEMALE = nfc([
  'Sa Ly Mah', 'Ha Ki Dah', 'Fa Ti Mah', 'Ma Ri Yam', 'Ha Li Mah', 'Sa Fi Dah', 'Ro Ky Ah', 'Ha Wa', 'Sa Ri Dah',
  'Ai Sah', 'Ka Ri Mah', 'Zai Nab', 'Ha Ni Fah', 'Ru Kây Yah',
]);
const CHAM_SURNAME = nfc(['', '', '', 'Ma', 'Sa', 'Ka', 'Ha']);

/** A family name for a Kinh (or, by marriage, any) household. */
export function kinhFamily(rng: Rng): string {
  return KINH_FAMILY_NAMES[rng.weighted(KINH_FAMILY_CDF)]!;
}

/** The family name a household's children carry, for the ethnic groups that have one. */
export function familyNameFor(rng: Rng, ethnicity: Ethnicity): string {
  if (ethnicity === 'Hoa') return rng.pick(HOA_FAMILY);
  if (ethnicity === 'Kinh') return kinhFamily(rng);
  return '';
}

/**
 * The one string object of each name: names repeat a great deal (a province has a million
 * households and a few tens of thousands of distinct names), and handing out the same string for
 * the same parts lets every later step (the writer's memos of cleaned, folded and sort forms)
 * find it by a hash computed once, instead of building and hashing a new string per person.
 */
const NAMES = new Map<string, Map<string, Map<string, string>>>();
function joined(a: string, b: string, c: string): string {
  let byB = NAMES.get(a);
  if (!byB) NAMES.set(a, (byB = new Map()));
  let byC = byB.get(b);
  if (!byC) byB.set(b, (byC = new Map()));
  let name = byC.get(c);
  if (name === undefined) byC.set(c, (name = [a, b, c].filter(Boolean).join(' ')));
  return name;
}

/**
 * A full name. `family` is used for Kinh and Hoa; Khmer and Chăm names carry none. Older Kinh
 * people mostly have "Văn" (men) or "Thị" (women) as middle name; younger ones less often.
 */
export function fullName(rng: Rng, ethnicity: Ethnicity, sex: Sex, family: string, birthYear: number): string {
  const male = sex === 'male';
  switch (ethnicity) {
    case 'Khmer':
      return joined(male ? 'Chau' : 'Néang', '', rng.pick(male ? KHMER_MALE : KHMER_FEMALE));
    case 'Chăm': {
      const surname = rng.pick(CHAM_SURNAME);
      return joined(surname, '', rng.pick(male ? CHAM_MALE : CHAM_FEMALE));
    }
    case 'Hoa':
      return joined(family, rng.pick(male ? HOA_MIDDLE_MALE : HOA_MIDDLE_FEMALE), rng.pick(male ? HOA_GIVEN_MALE : HOA_GIVEN_FEMALE));
    default: {
      const classic = birthYear < 1980 ? (male ? 0.62 : 0.75) : male ? 0.3 : 0.4;
      const middle = rng.chance(classic) ? (male ? MIDDLE_MALE[0]! : MIDDLE_FEMALE[0]!) : rng.pick(male ? MIDDLE_MALE : MIDDLE_FEMALE);
      return joined(family, middle, rng.pick(male ? GIVEN_MALE : GIVEN_FEMALE));
    }
  }
}
