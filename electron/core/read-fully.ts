import fs from 'node:fs';

/**
 * Reads `buffer.length` bytes of the open file from `position`, in as many reads as it takes (one
 * read may return fewer bytes than asked). Returns how many were read: fewer only where the file
 * ends first.
 */
export function readFully(fd: number, buffer: Buffer, position: number): number {
  let got = 0;
  while (got < buffer.length) {
    const n = fs.readSync(fd, buffer, got, buffer.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
