// Reading PDFs back for the documents' tests: text (pdftotext) and word boxes (pdftotext -bbox).
import { execFileSync } from 'node:child_process';

/** The text of a PDF in reading order (pdftotext -raw), NFC unless asked for as extracted. */
export function pdfText(file: string, options: { asExtracted?: boolean } = {}): string {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return options.asExtracted ? text : text.normalize('NFC');
}

/** Runs of white space (line ends included) as one space. */
export const squash = (s: string): string => s.replace(/\s+/gu, ' ');

/**
 * The words of a heading in order, each within a short distance of the previous one: a heading
 * that wraps inside a table cell is interleaved with its neighbours' lines in the extracted text.
 */
export function containsInOrder(text: string, heading: string, maxGap = 250): boolean {
  const words = heading.split(/\s+/u);
  for (let start = text.indexOf(words[0]!); start >= 0; start = text.indexOf(words[0]!, start + 1)) {
    let at = start + words[0]!.length;
    let ok = true;
    for (const w of words.slice(1)) {
      const next = text.indexOf(w, at);
      if (next < 0 || next - at > maxGap) {
        ok = false;
        break;
      }
      at = next + w.length;
    }
    if (ok) return true;
  }
  return false;
}

export interface PdfPage {
  width: number;
  height: number;
  words: { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[];
}

const unescape = (s: string): string => s.replace(/&amp;/gu, '&').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"');

/** Each page's size and word boxes, in points from the top left. */
export function pdfWords(file: string): PdfPage[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/gu)) {
    const words = [...m[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: unescape(w[5]!).normalize('NFC'),
    }));
    pages.push({ width: Number(m[1]), height: Number(m[2]), words });
  }
  return pages;
}
