import type { Sex } from './types';

/** A check result the officer resolves: the record is saved with it (spec/identifiers.md). */
export interface IdCheck {
  code: 'ID_FORMAT' | 'ID_OLD_CMND' | 'ID_SEX' | 'ID_CENTURY' | 'ID_YEAR';
  message: string;
}

/**
 * Checks a personal identification number against the member's sex and birth year
 * (Nghị định 137/2015/NĐ-CP Điều 13: digit 4 = century and sex, digits 5–6 = birth year).
 * Never refuses: paper forms carry copying errors, the officer saves what is written.
 */
export function checkIdNumber(idNumber: string | null, sex: Sex, birthDate: string | null): IdCheck[] {
  if (!idNumber) return [];
  const id = idNumber.replace(/\s/gu, '');
  if (/^\d{9}$/u.test(id)) return [{ code: 'ID_OLD_CMND', message: `Số ${id} là CMND cũ 9 số: ghi nhận, cần cập nhật số định danh 12 số khi có.` }];
  if (!/^\d{12}$/u.test(id)) return [{ code: 'ID_FORMAT', message: `Số định danh "${id}" phải gồm đúng 12 chữ số (hoặc 9 số nếu là CMND cũ).` }];
  const out: IdCheck[] = [];
  const digit = Number(id[3]);
  // 1900s: male 0, female 1; 2000s: 2 / 3; 2100s: 4 / 5.
  const century = 1900 + Math.floor(digit / 2) * 100;
  const idSex: Sex = digit % 2 === 0 ? 'male' : 'female';
  if (digit > 5) out.push({ code: 'ID_SEX', message: `Chữ số thứ 4 của số định danh (${digit}) không ứng với giới tính nào (chỉ 0–5).` });
  else if (idSex !== sex) {
    out.push({ code: 'ID_SEX', message: `Chữ số thứ 4 của số định danh (${digit}) là của ${idSex === 'male' ? 'nam' : 'nữ'}, nhưng giới tính ghi là ${sex === 'male' ? 'Nam' : 'Nữ'}.` });
  }
  if (birthDate && digit <= 5) {
    const year = Number(birthDate.slice(0, 4));
    const idYear = century + Number(id.slice(4, 6));
    if (Math.floor(year / 100) * 100 !== century) {
      out.push({ code: 'ID_CENTURY', message: `Chữ số thứ 4 của số định danh (${digit}) chỉ người sinh thế kỷ ${century}–${century + 99}, nhưng năm sinh ghi ${year}.` });
    } else if (idYear !== year) {
      out.push({ code: 'ID_YEAR', message: `Chữ số thứ 5–6 của số định danh (${id.slice(4, 6)}) không khớp năm sinh ${year}.` });
    }
  }
  return out;
}
