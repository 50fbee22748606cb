// The issuer-dependent parts every document shares: header, signer, scope wording.
import type { Content } from 'pdfmake/interfaces';
import { unitFullName } from '../../../shared/domain/units';
import { agencyHeader, BLANK, signatureBlock } from './blocks';
import { inSentence, type DocContext, type UnitRow } from './context';

export type Orientation = 'portrait' | 'landscape';

/** The people's committee issuing the document: the commune's, else the unit's (district report). */
export function issuerOf(ctx: DocContext): UnitRow {
  return ctx.commune ?? ctx.unit;
}

/** Date line place: the officer's setting, else the issuer's name ("Bình Mỹ, ngày …"). */
export function placeOf(ctx: DocContext): string {
  return ctx.commune ? ctx.officials.placeName || ctx.commune.name : ctx.unit.name;
}

/**
 * Header of a people's committee document ("ỦY BAN NHÂN DÂN / XÃ BÌNH MỸ / Số: …/QĐ-UBND"); the
 * date is the document's own when recorded (the decision's, the posting's), else dotted blanks.
 */
export function committeeHeader(ctx: DocContext, symbol: string | null, orientation: Orientation, number?: string | null, date: string | null = null): Content {
  const issuer = issuerOf(ctx);
  return agencyHeader({
    governing: 'ỦY BAN NHÂN DÂN',
    issuer: unitFullName(issuer.type, issuer.name),
    number: symbol ? `Số: ${number || BLANK}/${symbol}` : null,
    place: placeOf(ctx),
    date,
    year: ctx.round.year,
    orientation,
  });
}

/** "xã Bình Mỹ, huyện Châu Phú, tỉnh An Giang"; no district after 1/7/2025. */
export function scopeWords(ctx: DocContext, unit: UnitRow = ctx.unit): string {
  const parts = [inSentence(unit)];
  if (unit.level === 'commune' && ctx.district) parts.push(inSentence(ctx.district));
  if (ctx.province && unit.level !== 'province') parts.push(inSentence(ctx.province));
  return parts.join(', ');
}

/** The chairman signs for the committee (TM.), or the vice-chairman for the chairman (KT.). */
export function chairmanSignature(ctx: DocContext, recipients: string[] | null, orientation: Orientation = 'portrait'): Content {
  const o = ctx.officials;
  // A recorded decision says who signed; otherwise the commune's setting does.
  const kt = ctx.decision?.signerTitle ? /phó/iu.test(ctx.decision.signerTitle) : o.signAs === 'KT';
  const signer = ctx.decision?.signerName || (kt ? o.viceChairman : o.chairman);
  return signatureBlock(
    {
      authority: kt ? ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] : ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'],
      name: signer,
      recipients,
    },
    orientation,
  );
}

/** "UBND huyện Châu Phú" when the round has a district level, else the province's (after 1/7/2025). */
export function superiorCommittee(ctx: DocContext): string {
  if (ctx.district) return `UBND ${inSentence(ctx.district)}`;
  return ctx.province ? `UBND ${inSentence(ctx.province)}` : 'UBND cấp trên';
}
