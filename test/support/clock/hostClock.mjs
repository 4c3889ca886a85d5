// `node --import` this into a child process (the browser host) so it runs on the tests' timeline:
// `LEDGERLINE_CLOCK_OFFSET_MS` is how far the test process's clock is shifted (calendar.mjs), and
// `LEDGERLINE_CLOCK_SPAWNED_AT` its machine clock when it spawned us (a faked clock may differ).
import { installShiftedDate, joinedShift } from './calendar.mjs';

const offset = Number(process.env.LEDGERLINE_CLOCK_OFFSET_MS ?? '');
const spawnedAt = Number(process.env.LEDGERLINE_CLOCK_SPAWNED_AT ?? '');
if (Number.isFinite(offset) && offset !== 0) {
  installShiftedDate(Number.isFinite(spawnedAt) && spawnedAt > 0 ? joinedShift(offset, spawnedAt, Date.now()) : offset);
}
