// A refused input is told in Vietnamese, down to zod's own checks that the contract states without
// a message of its own (a value of the wrong type, from a program other than the screens): the
// officer or the office's IT helper reads what is wrong and where.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

const core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
const services = createServices(core);
const seeded = seedSmall(core);
afterAll(() => core.close());

const ENGLISH = /\b(Invalid|expected|received|input|Too (big|small)|must)\b/u;

async function refusal(method: string, input: unknown): Promise<{ message: string; issues: { path: string; message: string }[] }> {
  const answer = await dispatch(services, method, input);
  if (answer.ok) throw new Error(`${method} was not refused`);
  expect(answer.error.code).toBe('INVALID_INPUT');
  return answer.error as { message: string; issues: { path: string; message: string }[] };
}

describe('a refused input', () => {
  it('says in Vietnamese what is wrong, and where', async () => {
    const wrongType = await refusal('households.get', { householdId: 'một' });
    expect(wrongType.message).toMatch(/^Dữ liệu gửi cho households\.get chưa hợp lệ \(householdId: /u);
    expect(wrongType.issues).toEqual([{ path: 'householdId', message: expect.stringMatching(/không hợp lệ/u) }]);
    const notAnOption = await refusal('households.list', { roundId: seeded.roundId, sort: 'tuổi' });
    expect(notAnOption.issues.map((i) => i.path)).toEqual(['sort']);
    for (const r of [wrongType, notAnOption]) {
      expect(r.message).not.toMatch(ENGLISH);
      for (const issue of r.issues) expect(issue.message).not.toMatch(ENGLISH);
    }
  });

  it('of a Phiếu A answer that is not yes or no is refused by its item, in Vietnamese', async () => {
    const read = await dispatch(services, 'entry.form', { householdId: seeded.householdIds[0] });
    if (!read.ok) throw new Error(read.error.message);
    const form = (read.value as { form: { answers: Record<string, unknown> } }).form;
    const r = await refusal('entry.save', { roundId: seeded.roundId, householdId: seeded.householdIds[0], form: { ...form, answers: { ...form.answers, screening: { a1: 'có' } } } });
    expect(r.issues).toEqual([{ path: 'form.answers.screening.a1', message: expect.stringMatching(/boolean/u) }]);
    expect(r.message).not.toMatch(ENGLISH);
  });

  it('of a job is told the same way', () => {
    expect(() => core.jobs.start('excel.export', { roundId: seeded.roundId, unitId: 'xã' })).toThrow(/^Dữ liệu gửi cho công việc excel\.export chưa hợp lệ \(input\.unitId: [^)]*không hợp lệ/u);
  });
});
